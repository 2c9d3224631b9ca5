/* Reporting exceptions over serial: vector, name, error code, RIP, and CR2 for #PF. */
#ifndef LIB_FAULT_H
#define LIB_FAULT_H
#include "desc.h"

/* Prints the report lines for the exception in `f`. */
void fault_report(const struct int_frame *f);
/* fault_report, then exits with EXIT_FAULT(vector): the default for every exception. */
void fault_exit(const struct int_frame *f) __attribute__((noreturn));

#endif
