#include "exit.h"
#include "io.h"

#define DEBUG_EXIT_PORT 0xf4

void qemu_exit(unsigned code)
{
	/* A 32-bit write, as the device is declared with iosize=4. */
	outl(DEBUG_EXIT_PORT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}
