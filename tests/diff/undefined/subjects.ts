// Every row of docs/undefined-flags.md, in table order.
import { ARITH_SUBJECTS } from './arith-subjects.ts';
import { BIT_SUBJECTS } from './bit-subjects.ts';
import { SHIFT_SUBJECTS } from './shift-subjects.ts';
import type { Subject } from './subject.ts';

export const SUBJECTS: readonly Subject[] = [...ARITH_SUBJECTS, ...SHIFT_SUBJECTS, ...BIT_SUBJECTS];
