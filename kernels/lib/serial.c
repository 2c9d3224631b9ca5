/*
 * COM1 (16550 UART at 0x3f8), 115200 8N1, no interrupts. Output polls the line status
 * register's "transmit holding register empty" bit before each byte, as a kernel must on real
 * hardware; QEMU and pagescope report it empty at once.
 */
#include "serial.h"
#include "io.h"

#define COM1 0x3f8
#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define LSR_THRE 0x20

void serial_init(void)
{
	outb(COM1 + REG_IER, 0x00);     /* no UART interrupts */
	outb(COM1 + REG_LCR, LCR_DLAB); /* divisor latch: 115200 / 1 */
	outb(COM1 + REG_DATA, 1);
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, LCR_8N1);
	outb(COM1 + REG_FCR, 0xc7); /* FIFOs on and cleared */
	outb(COM1 + REG_MCR, 0x03); /* DTR and RTS */
}

void serial_putc(char c)
{
	while (!(inb(COM1 + REG_LSR) & LSR_THRE))
		;
	outb(COM1 + REG_DATA, (unsigned char)c);
}

void serial_write(const char *s)
{
	while (*s)
		serial_putc(*s++);
}
