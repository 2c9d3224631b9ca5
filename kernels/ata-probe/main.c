/*
 * ata-probe (test only): how the PC's two ATA channels answer at every drive position, the
 * way kernels probe them. Per channel: a software reset, the task file registers, alternate
 * status and status of each position; then at each position IDENTIFY DEVICE, READ SECTORS and
 * EXECUTE DEVICE DIAGNOSTIC, each followed by whether the channel's IRQ rose (read in the
 * 8259's IRR, every IRQ masked), a byte and a word read from the data register, and the
 * registers again; then a last software reset.
 * Expected end: exit 0 (QEMU status 1).
 */
#include <stdint.h>
#include "exit.h"
#include "io.h"
#include "multiboot.h"
#include "print.h"
#include "serial.h"

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

struct channel {
	const char *name;
	uint16_t base, control;
	unsigned irq;
};

static const struct channel channels[] = {
	{ "primary", 0x1f0, 0x3f6, 14 },
	{ "secondary", 0x170, 0x376, 15 },
};

/* Both 8259s initialised again (which forgets the edges they latched), every IRQ masked. */
static void pic_reset(void)
{
	static const uint8_t icw[2][4] = { { 0x11, 0x20, 0x04, 0x01 }, { 0x11, 0x28, 0x02, 0x01 } };
	for (int p = 0; p < 2; p++) {
		uint16_t cmd = p ? 0xa0 : 0x20;
		outb(cmd, icw[p][0]);
		for (int i = 1; i < 4; i++)
			outb(cmd + 1, icw[p][i]);
		outb(cmd + 1, 0xff);
	}
}

/* Whether an edge on `irq` (8-15) was latched since the last pic_reset. */
static int irq_latched(unsigned irq)
{
	outb(0xa0, 0x0a); /* OCW3: read IRR */
	return (inb(0xa0) >> (irq - 8)) & 1;
}

/* Registers 1-6, the alternate status, then the status (which acknowledges an interrupt). */
static void registers(const struct channel *c, const char *what)
{
	kprintf("%s %s: error %02x count %02x lba %02x %02x %02x device %02x alt %02x status %02x\n",
		c->name, what, inb(c->base + 1), inb(c->base + 2), inb(c->base + 3),
		inb(c->base + 4), inb(c->base + 5), inb(c->base + 6), inb(c->control),
		inb(c->base + 7));
}

/* Waits (boundedly) while the device is busy: QEMU reads and writes the disk asynchronously. */
static void wait_not_busy(const struct channel *c)
{
	for (unsigned n = 0; n < 10000000 && (inb(c->control) & 0x80); n++)
		;
}

static void command(const struct channel *c, const char *name, uint8_t cmd)
{
	pic_reset();
	outb(c->base + 2, 1);
	outb(c->base + 3, 0);
	outb(c->base + 7, cmd);
	wait_not_busy(c);
	int irq = irq_latched(c->irq);
	uint8_t byte = inb(c->base);
	uint16_t word = inw(c->base);
	kprintf("%s %s: irq %d, data byte %02x, then word %04x\n", c->name, name, irq, byte, word);
	registers(c, "after it");
	/* Whatever is left of a data-in transfer, so the next command is accepted. */
	for (unsigned n = 0; n < 256 && (inb(c->control) & 0x08); n++)
		inw(c->base);
}

/*
 * SRST set and cleared. QEMU finishes the reset a little later, on its main loop, and an empty
 * channel shows no BSY to wait on: give it time, as drivers wait after a reset anyway.
 */
static void software_reset(const struct channel *c)
{
	pic_reset();
	outb(c->control, 0x04);
	outb(c->control, 0x00);
	for (unsigned n = 0; n < 100000; n++)
		inb(c->control);
	wait_not_busy(c);
	kprintf("%s: software reset, irq %d\n", c->name, irq_latched(c->irq));
}

/* Starts from a software reset: what the firmware's own probing left is not compared. */
static void probe(const struct channel *c)
{
	software_reset(c);
	for (uint8_t drive = 0xa0; drive <= 0xb0; drive += 0x10) {
		outb(c->base + 6, drive);
		registers(c, drive == 0xa0 ? "master" : "slave");
	}
	for (uint8_t drive = 0xa0; drive <= 0xb0; drive += 0x10) {
		outb(c->base + 6, drive);
		kprintf("%s: drive %02x selected\n", c->name, drive);
		command(c, "IDENTIFY", 0xec);
		outb(c->base + 6, drive | 0x40);
		command(c, "READ SECTORS", 0x20);
		outb(c->base + 6, drive);
		command(c, "EXECUTE DEVICE DIAGNOSTIC", 0x90);
	}
	software_reset(c);
	outb(c->base + 6, 0xa0);
}

void kmain32(uint32_t magic, uint32_t info)
{
	(void)info;
	serial_init();
	kprintf("ata-probe: both ATA channels, every drive position\n");
	if (magic != MB1_BOOT_MAGIC) {
		kprintf("ata-probe: bad magic 0x%x\n", magic);
		qemu_exit(EXIT_BAD_BOOT);
	}
	for (unsigned i = 0; i < sizeof channels / sizeof channels[0]; i++)
		probe(&channels[i]);
	kprintf("ata-probe: done, exit 0\n");
	qemu_exit(EXIT_OK);
}
