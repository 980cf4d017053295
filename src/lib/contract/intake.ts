import { z } from 'zod';

/**
 * Body of POST /api/intake/leads (Authorization: Bearer <intake key>). Called by web forms and marketing
 * tools, so it is lenient about blanks (trimmed, empty = absent) and strict about unknown fields.
 * At least one way to reach the person (email or phone) is required, or a callback is pointless.
 */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());

export const IntakeLeadInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    company: optionalText(200),
    email: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().email().max(254).optional()),
    phone: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(40)
        .regex(/^[+0-9 ()/.-]{3,40}$/, 'not a phone number')
        .optional()
    ),
    interest: optionalText(500),
    source: optionalText(100),
    campaign: optionalText(100),
    preferredChannel: optionalText(40),
    message: optionalText(4000)
  })
  .strict()
  .refine((v) => v.email !== undefined || v.phone !== undefined, {
    message: 'email or phone is required',
    path: ['email']
  });
export type IntakeLeadInput = z.infer<typeof IntakeLeadInput>;

/** 201 (new dossier) or 200 (duplicate: a new interaction and callback on the existing dossier). */
export interface IntakeLeadResultDTO {
  dossierId: string;
  taskId: string;
  duplicate: boolean;
}

/** Body of POST /api/teams/:teamId/intake-keys. */
export const CreateIntakeKeyInput = z.object({ label: z.string().trim().max(80).optional() }).strict();
export type CreateIntakeKeyInput = z.infer<typeof CreateIntakeKeyInput>;

/** An intake key as listed: never the key itself (only its hash is stored). */
export interface IntakeKeyDTO {
  id: string;
  teamId?: string;
  label?: string | null;
  /** First characters of the key, so a person can tell keys apart ("stk_4f9a…"). */
  prefix?: string;
  createdAt: string;
  /** User id of the creator. */
  createdBy: string;
  createdByName?: string;
  revokedAt: string | null;
  lastUsedAt?: string | null;
}

/** 201 of POST /api/teams/:teamId/intake-keys: the only time `key` is ever sent. */
export interface CreatedIntakeKeyDTO extends Partial<IntakeKeyDTO> {
  id: string;
  key: string;
}
