import { z } from 'zod';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const passwordRule = z.string().min(8).max(200).refine((value) => /[A-Za-z]/.test(value) && /\d/.test(value), {
  params: { vi: 'cần ít nhất 8 ký tự, gồm cả chữ và số', en: 'needs at least 8 characters with letters and digits' },
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordRule,
});
