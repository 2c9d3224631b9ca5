/* A small printf over COM1: %s %c %d %u %x %p, the 'l'/'ll' sizes, '0' and a width. */
#ifndef LIB_PRINT_H
#define LIB_PRINT_H

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
