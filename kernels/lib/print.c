/*
 * kprintf: enough of printf for short status lines. Decimal digits come from subtracting powers
 * of ten, not from dividing, so the same file builds for 32-bit kernels without libgcc's
 * 64-bit division helpers.
 */
#include <stdarg.h>
#include <stdint.h>
#include "print.h"
#include "serial.h"

static void pad(int n, char c)
{
	while (n-- > 0)
		serial_putc(c);
}

static int hex_digits(uint64_t v)
{
	int n = 1;
	while (n < 16 && (v >> (4 * n)) != 0)
		n++;
	return n;
}

static void put_hex(uint64_t v, int width, char fill)
{
	int n = hex_digits(v);
	pad(width - n, fill);
	while (n-- > 0)
		serial_putc("0123456789abcdef"[(v >> (4 * n)) & 0xf]);
}

static void put_dec(uint64_t v, int negative, int width, char fill)
{
	static const uint64_t tens[] = {
		10000000000000000000ull, 1000000000000000000ull, 100000000000000000ull,
		10000000000000000ull, 1000000000000000ull, 100000000000000ull, 10000000000000ull,
		1000000000000ull, 100000000000ull, 10000000000ull, 1000000000ull, 100000000ull,
		10000000ull, 1000000ull, 100000ull, 10000ull, 1000ull, 100ull, 10ull, 1ull,
	};
	char buf[21];
	int len = 0;
	for (unsigned i = 0; i < sizeof tens / sizeof tens[0]; i++) {
		char d = '0';
		while (v >= tens[i]) {
			v -= tens[i];
			d++;
		}
		if (d != '0' || len > 0 || tens[i] == 1)
			buf[len++] = d;
	}
	pad(width - len - negative, fill);
	if (negative)
		serial_putc('-');
	for (int i = 0; i < len; i++)
		serial_putc(buf[i]);
}

/* Reads an integer argument of the size the 'l' count says. */
static uint64_t arg_unsigned(va_list *ap, int longs)
{
	if (longs >= 2)
		return va_arg(*ap, unsigned long long);
	if (longs == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static int64_t arg_signed(va_list *ap, int longs)
{
	if (longs >= 2)
		return va_arg(*ap, long long);
	if (longs == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			serial_putc(*p);
			continue;
		}
		p++;
		char fill = ' ';
		int width = 0, longs = 0;
		if (*p == '0') {
			fill = '0';
			p++;
		}
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		while (*p == 'l') {
			longs++;
			p++;
		}
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			serial_write(s ? s : "(null)");
			break;
		}
		case 'c':
			serial_putc((char)va_arg(ap, int));
			break;
		case 'u':
			put_dec(arg_unsigned(&ap, longs), 0, width, fill);
			break;
		case 'd': {
			int64_t v = arg_signed(&ap, longs);
			put_dec(v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, width, fill);
			break;
		}
		case 'x':
			put_hex(arg_unsigned(&ap, longs), width, fill);
			break;
		case 'p':
			serial_write("0x");
			put_hex((uintptr_t)va_arg(ap, void *), 2 * (int)sizeof(void *), '0');
			break;
		case '%':
			serial_putc('%');
			break;
		default: /* an unknown conversion prints as itself, so the mistake shows */
			serial_putc('%');
			serial_putc(*p);
			break;
		}
	}
	va_end(ap);
}
