/*
 * Native side of the differential test: runs x86_64 byte sequences on the host CPU.
 *
 * stdin:  "PSD1" u32 count, then per case (little endian):
 *           u16 code_len, u16 patch_count, u32 fill_seed, u64 gpr[16], u64 rflags,
 *           code bytes, patches { u16 offset, u16 len, bytes }
 * stdout: "PSR1" u32 count, then per case:
 *           u8 vector (0xff = none), u8 pad[3], u32 error_code, u64 fault_addr,
 *           u64 gpr[16], u64 rflags, u64 rip, u16 run_count, runs { u16 offset, u16 len, bytes }
 *
 * The test bytes sit exactly at CODE_BASE so RIP-relative operands see the same RIP as in the
 * emulator; enter_case (below) loads every register and jumps there, and a `jmp [rip+0]` placed
 * right after the test bytes leads to exit_case, which stores every register. A fault instead
 * lands in on_fault, which reads the registers from the signal context. GPR order is the x86
 * encoding order: RAX RCX RDX RBX RSP RBP RSI RDI R8..R15.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define CODE_BASE 0x100000UL
#define CODE_SIZE 0x1000UL
#define DATA_BASE 0x200000UL
#define DATA_SIZE 0x2000UL
/* Only the arithmetic flags and DF come from a case; bit 1 is reserved-one and IF is always set
   in user mode. Anything else (TF, AC, NT, ID) would change how the host runs the harness. */
#define CASE_FLAGS 0x0cd5UL
#define USER_FLAGS 0x0202UL
#define EXIT_STUB_SIZE 14
#define NO_VECTOR 0xff

/* Read by the assembly below through RIP-relative operands, so they cannot be static. */
uint64_t g_in[17];
uint64_t g_out[17];
uint64_t g_host_rsp;
uint64_t g_entry = CODE_BASE;

void enter_case(void);
void exit_case(void);

__asm__(
    ".text\n"
    ".globl enter_case\n"
    "enter_case:\n"
    "  push %rbx\n  push %rbp\n  push %r12\n  push %r13\n  push %r14\n  push %r15\n"
    "  mov %rsp, g_host_rsp(%rip)\n"
    "  pushq g_in+128(%rip)\n"
    "  popfq\n"
    "  mov g_in+0(%rip), %rax\n"
    "  mov g_in+8(%rip), %rcx\n"
    "  mov g_in+16(%rip), %rdx\n"
    "  mov g_in+24(%rip), %rbx\n"
    "  mov g_in+40(%rip), %rbp\n"
    "  mov g_in+48(%rip), %rsi\n"
    "  mov g_in+56(%rip), %rdi\n"
    "  mov g_in+64(%rip), %r8\n"
    "  mov g_in+72(%rip), %r9\n"
    "  mov g_in+80(%rip), %r10\n"
    "  mov g_in+88(%rip), %r11\n"
    "  mov g_in+96(%rip), %r12\n"
    "  mov g_in+104(%rip), %r13\n"
    "  mov g_in+112(%rip), %r14\n"
    "  mov g_in+120(%rip), %r15\n"
    "  mov g_in+32(%rip), %rsp\n"
    "  jmp *g_entry(%rip)\n"
    ".globl exit_case\n"
    "exit_case:\n"
    "  mov %rax, g_out+0(%rip)\n"
    "  mov %rcx, g_out+8(%rip)\n"
    "  mov %rdx, g_out+16(%rip)\n"
    "  mov %rbx, g_out+24(%rip)\n"
    "  mov %rsp, g_out+32(%rip)\n"
    "  mov %rbp, g_out+40(%rip)\n"
    "  mov %rsi, g_out+48(%rip)\n"
    "  mov %rdi, g_out+56(%rip)\n"
    "  mov %r8, g_out+64(%rip)\n"
    "  mov %r9, g_out+72(%rip)\n"
    "  mov %r10, g_out+80(%rip)\n"
    "  mov %r11, g_out+88(%rip)\n"
    "  mov %r12, g_out+96(%rip)\n"
    "  mov %r13, g_out+104(%rip)\n"
    "  mov %r14, g_out+112(%rip)\n"
    "  mov %r15, g_out+120(%rip)\n"
    "  mov g_host_rsp(%rip), %rsp\n"
    "  pushfq\n"
    "  popq g_out+128(%rip)\n"
    "  cld\n" /* the C ABI requires DF clear on return */
    "  pop %r15\n  pop %r14\n  pop %r13\n  pop %r12\n  pop %rbp\n  pop %rbx\n"
    "  ret\n");

static sigjmp_buf g_jmp;
static volatile sig_atomic_t g_in_case;
static uint8_t g_vector;
static uint32_t g_error_code;
static uint64_t g_fault_addr;
static uint64_t g_fault_rip;

/* ucontext register slots in x86 encoding order. */
static const int GREG_SLOT[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP,
                                  REG_RSI, REG_RDI, REG_R8,  REG_R9,  REG_R10, REG_R11,
                                  REG_R12, REG_R13, REG_R14, REG_R15};

static void die(const char *msg) {
  fprintf(stderr, "harness: %s\n", msg);
  exit(2);
}

static void on_fault(int sig, siginfo_t *info, void *context) {
  (void)sig;
  if (!g_in_case) {
    static const char msg[] = "harness: fault outside a test case\n";
    (void)!write(2, msg, sizeof msg - 1);
    _exit(3);
  }
  const greg_t *g = ((ucontext_t *)context)->uc_mcontext.gregs;
  for (int i = 0; i < 16; i++) g_out[i] = (uint64_t)g[GREG_SLOT[i]];
  g_out[16] = (uint64_t)g[REG_EFL];
  g_fault_rip = (uint64_t)g[REG_RIP];
  /* The kernel records the hardware vector and error code, which says more than the signal. */
  g_vector = (uint8_t)g[REG_TRAPNO];
  g_error_code = (uint32_t)g[REG_ERR];
  g_fault_addr = (uint64_t)info->si_addr;
  siglongjmp(g_jmp, 1);
}

static void install_handlers(void) {
  static uint8_t alt_stack[1 << 16];
  stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
  if (sigaltstack(&ss, NULL) != 0) die("sigaltstack failed");
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    if (sigaction(sigs[i], &sa, NULL) != 0) die("sigaction failed");
}

static void map_fixed(uint64_t addr, size_t size, int prot) {
  void *p = mmap((void *)addr, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != (void *)addr) die("cannot map the code page or the data window at its fixed address");
}

/* Same generator as tests/diff/data-fill.ts: xorshift32, one 32-bit word at a time. */
static void fill_window(uint8_t *dst, uint32_t seed) {
  uint32_t x = seed ? seed : 0x9e3779b9u;
  for (size_t i = 0; i < DATA_SIZE; i += 4) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    memcpy(dst + i, &x, 4);
  }
}

static uint8_t *g_input;
static size_t g_input_len, g_input_pos;

static const uint8_t *take(size_t n) {
  if (g_input_len - g_input_pos < n) die("truncated input");
  const uint8_t *p = g_input + g_input_pos;
  g_input_pos += n;
  return p;
}

static uint16_t take16(void) {
  uint16_t v;
  memcpy(&v, take(2), 2);
  return v;
}

static uint32_t take32(void) {
  uint32_t v;
  memcpy(&v, take(4), 4);
  return v;
}

static void read_all_input(void) {
  size_t cap = 1 << 20;
  g_input = malloc(cap);
  for (;;) {
    if (g_input_len == cap) g_input = realloc(g_input, cap *= 2);
    if (!g_input) die("out of memory");
    size_t n = fread(g_input + g_input_len, 1, cap - g_input_len, stdin);
    if (n == 0) break;
    g_input_len += n;
  }
}

static void emit(const void *p, size_t n) {
  if (fwrite(p, 1, n, stdout) != n) die("write failed");
}

static void emit_window_changes(const uint8_t *before, const uint8_t *after) {
  uint16_t offsets[DATA_SIZE / 2], lengths[DATA_SIZE / 2];
  uint16_t runs = 0;
  for (size_t i = 0; i < DATA_SIZE;) {
    if (before[i] == after[i]) {
      i++;
      continue;
    }
    size_t start = i;
    while (i < DATA_SIZE && before[i] != after[i]) i++;
    offsets[runs] = (uint16_t)start;
    lengths[runs] = (uint16_t)(i - start);
    runs++;
  }
  emit(&runs, 2);
  for (uint16_t r = 0; r < runs; r++) {
    emit(&offsets[r], 2);
    emit(&lengths[r], 2);
    emit(after + offsets[r], lengths[r]);
  }
}

static void run_case(uint8_t *code, uint8_t *window, uint8_t *initial) {
  uint16_t code_len = take16();
  uint16_t patch_count = take16();
  uint32_t fill_seed = take32();
  memcpy(g_in, take(17 * 8), 17 * 8);
  g_in[16] = (g_in[16] & CASE_FLAGS) | USER_FLAGS;
  if (code_len > CODE_SIZE - EXIT_STUB_SIZE) die("code too long");
  memcpy(code, take(code_len), code_len);
  /* jmp qword [rip+0] followed by the address: touches no register and no flag. */
  static const uint8_t jmp_indirect[6] = {0xff, 0x25, 0, 0, 0, 0};
  uint64_t exit_addr = (uint64_t)(uintptr_t)exit_case;
  memcpy(code + code_len, jmp_indirect, 6);
  memcpy(code + code_len + 6, &exit_addr, 8);

  fill_window(initial, fill_seed);
  for (uint16_t p = 0; p < patch_count; p++) {
    uint16_t offset = take16(), len = take16();
    if ((size_t)offset + len > DATA_SIZE) die("patch outside the data window");
    memcpy(initial + offset, take(len), len);
  }
  memcpy(window, initial, DATA_SIZE);

  g_vector = NO_VECTOR;
  g_error_code = 0;
  g_fault_addr = 0;
  g_fault_rip = CODE_BASE + code_len;
  /* No mask to save: SA_NODEFER keeps the fault signals unblocked inside on_fault, which spares a
     sigprocmask call per case. */
  if (sigsetjmp(g_jmp, 0) == 0) {
    g_in_case = 1;
    enter_case();
  }
  g_in_case = 0;

  uint8_t head[16] = {g_vector};
  memcpy(head + 4, &g_error_code, 4);
  memcpy(head + 8, &g_fault_addr, 8);
  emit(head, sizeof head);
  emit(g_out, sizeof g_out);
  emit(&g_fault_rip, 8);
  emit_window_changes(initial, window);
}

int main(void) {
  install_handlers();
  map_fixed(CODE_BASE, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
  map_fixed(DATA_BASE, DATA_SIZE, PROT_READ | PROT_WRITE);
  static uint8_t initial[DATA_SIZE];
  static char out_buf[1 << 20];
  setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);

  read_all_input();
  if (memcmp(take(4), "PSD1", 4) != 0) die("bad input magic");
  uint32_t count = take32();
  emit("PSR1", 4);
  emit(&count, 4);
  for (uint32_t i = 0; i < count; i++)
    run_case((uint8_t *)CODE_BASE, (uint8_t *)DATA_BASE, initial);
  if (g_input_pos != g_input_len) die("trailing input");
  if (fflush(stdout) != 0) die("write failed");
  return 0;
}
