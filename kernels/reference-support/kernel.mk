# The build of a reference test kernel (access-test, exception-test): each kernel's Makefile
# sets NAME and includes this. It builds build/$(NAME).elf, a Multiboot 1 image whose 64-bit
# code is wrapped in an ELF32 file, the only ELF class QEMU's -kernel accepts; `make install`
# copies it to public/kernels/. Nothing here uses kernels/lib or kernels/Makefile.
#
# Reproducible byte for byte with the same toolchain: no debug info, no build ID, no .comment,
# no CET notes, fixed input order. .symtab is kept: pagescope shows symbols.

SHARED  := $(dir $(lastword $(MAKEFILE_LIST)))
SHARED  := $(SHARED:%/=%)

CC      := gcc
LD      := ld
OBJCOPY := objcopy

CFLAGS  := -I$(SHARED) -m64 -O2 -std=gnu11 -Wall -Wextra -Wno-missing-field-initializers -Werror \
	-ffreestanding -nostdlib -mno-red-zone -mgeneral-regs-only -mcmodel=small \
	-fno-pic -fno-pie -fno-stack-protector -fcf-protection=none -fno-ident \
	-fno-asynchronous-unwind-tables -fno-unwind-tables
ASFLAGS := -I$(SHARED) -m64 -fno-pic -fno-pie
LDFLAGS := -m elf_x86_64 -nostdlib -static --build-id=none -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments -T linker.ld

OBJS    := build/boot.o build/cpu.o build/main.o build/support.o
TARGET  := build/$(NAME).elf
PUBLIC  := ../../public/kernels/$(NAME).elf

all: $(TARGET)

build:
	mkdir -p build

build/%.o: %.c layout.h $(SHARED)/support.h cpu.h | build
	$(CC) $(CFLAGS) -c $< -o $@

# Compiled from inside $(SHARED) so the object (its FILE symbol included) is the same as if
# support.c sat beside the kernel's own sources.
build/support.o: $(SHARED)/support.c $(SHARED)/support.h | build
	cd $(SHARED) && $(CC) $(CFLAGS) -c support.c -o $(CURDIR)/build/support.o

build/%.o: %.S layout.h $(SHARED)/multiboot-start.h | build
	$(CC) $(ASFLAGS) -c $< -o $@

build/.elf: $(OBJS) linker.ld
	$(LD) $(LDFLAGS) $(OBJS) -o $@

$(TARGET): build/.elf
	$(OBJCOPY) -I elf64-x86-64 -O elf32-i386 $< $@

install: $(TARGET)
	cp $(TARGET) $(PUBLIC)

clean:
	rm -rf build

.PHONY: all install clean
