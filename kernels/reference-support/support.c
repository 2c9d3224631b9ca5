/*
 * COM1 output (16550 at 0x3f8, polled), a printf with the conversions the test prints
 * (%s %c %d %u %x with '0', width and 'l'), and QEMU's isa-debug-exit port.
 */
#include <stdarg.h>
#include "support.h"

#define COM1 0x3f8
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

void serial_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts */
	outb(COM1 + 3, 0x80); /* divisor latch: 115200 baud */
	outb(COM1 + 0, 0x01);
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	outb(COM1 + 2, 0xc7); /* FIFOs on and cleared */
	outb(COM1 + 4, 0x03); /* DTR, RTS */
}

void putc(char c)
{
	while (!(inb(COM1 + 5) & LSR_THRE))
		;
	outb(COM1, (u8)c);
}

static void put_unsigned(u64 v, unsigned base, int width, char pad)
{
	char buf[24];
	int n = 0;
	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > n)
		putc(pad);
	while (n)
		putc(buf[--n]);
}

void printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			putc(*fmt);
			continue;
		}
		char pad = ' ';
		int width = 0, is_long = 0;
		fmt++;
		if (*fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == 'l')
			is_long = 1, fmt++;
		switch (*fmt) {
		case 's':
			for (const char *s = va_arg(ap, const char *); *s; s++)
				putc(*s);
			break;
		case 'c':
			putc((char)va_arg(ap, int));
			break;
		case 'd': {
			long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
			if (v < 0)
				putc('-'), v = -v;
			put_unsigned((u64)v, 10, width, pad);
			break;
		}
		case 'u':
			put_unsigned(is_long ? va_arg(ap, u64) : va_arg(ap, u32), 10, width, pad);
			break;
		case 'x':
			put_unsigned(is_long ? va_arg(ap, u64) : va_arg(ap, u32), 16, width, pad);
			break;
		default:
			putc('%');
			putc(*fmt);
		}
	}
	va_end(ap);
}

/*
 * isa-debug-exit at 0xf4: QEMU exits with status (code << 1) | 1, at once. The UART sends at
 * its baud rate in QEMU, so the last characters may still be in its FIFO: wait until it has
 * sent everything (TEMT), or they are lost with the exit.
 */
void exit_qemu(u32 code)
{
	while (!(inb(COM1 + 5) & LSR_TEMT))
		;
	__asm__ volatile("outl %0, %1" : : "a"(code), "Nd"((u16)0xf4));
	for (;;)
		__asm__ volatile("cli; hlt");
}
