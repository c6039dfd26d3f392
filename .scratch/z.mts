import { z } from 'zod';
const A = z.object({ a: z.string().optional(), b: z.number() }).strict();
const B = A.extend({ a: z.string().regex(/^x/).optional() });
console.log(B.safeParse({ b: 1, c: 2 }).success, B.safeParse({ a: 'y', b: 1 }).success, B.safeParse({ a: 'xy', b: 1 }).success);
