/* COM1 output, polled: every line a kernel prints goes through here. */
#ifndef LIB_SERIAL_H
#define LIB_SERIAL_H

void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s);

#endif
