import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Request, Response } from 'express';
import { DomainError } from '../../server/kernel/domain-error';
import { createErrorHandler } from '../../server/transports/http/error-handler';
import { ackListener } from '../../server/transports/socket/ack-handler';

/** The smallest Response the error handler uses: status + json, recorded. */
function fakeResponse() {
  const sent: { status?: number; body?: unknown } = {};
  const res = {
    locals: {},
    getHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    }
  };
  return { res: res as unknown as Response, sent };
}

const handle = (err: unknown) => {
  const { res, sent } = fakeResponse();
  createErrorHandler(() => undefined)(err, { method: 'POST', baseUrl: '', path: '/x' } as Request, res, () => {});
  return sent;
};

describe('DomainError details', () => {
  it('HTTP: details go into error.details with the status of the code', () => {
    const unassigned = [{ kind: 'dossier', id: 'd1' }];
    expect(handle(new DomainError('conflict', 'still held', { unassigned }))).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'still held', details: { unassigned } } }
    });
  });

  it('HTTP: an error without details keeps the old body exactly (no details key)', () => {
    expect(handle(new DomainError('not_found', 'no such user'))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'no such user' } }
    });
  });

  it('Socket.io ack: details travel in the failed ack', async () => {
    const ack = vi.fn();
    const listener = ackListener({
      schema: z.object({}),
      run: () => Promise.reject(new DomainError('conflict', 'no', { n: 2 })),
      onError: () => undefined
    });
    listener({}, ack);
    await vi.waitFor(() => expect(ack).toHaveBeenCalledOnce());
    expect(ack).toHaveBeenCalledWith({ ok: false, error: { code: 'conflict', message: 'no', details: { n: 2 } } });
  });

  it('Socket.io ack: without details the failed ack has none', async () => {
    const ack = vi.fn();
    ackListener({
      schema: z.object({}),
      run: () => Promise.reject(new DomainError('forbidden', 'no')),
      onError: () => {}
    })({}, ack);
    await vi.waitFor(() => expect(ack).toHaveBeenCalledOnce());
    expect(ack).toHaveBeenCalledWith({ ok: false, error: { code: 'forbidden', message: 'no' } });
  });
});
