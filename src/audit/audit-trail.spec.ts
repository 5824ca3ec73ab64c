import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { RequestContext, requestContextStorage } from '../common/context/request-context';
import { Role } from '../users/role';
import type { AuditLogRepository } from './audit-log.repository';
import { AuditTrail, REPEAT_WINDOW_SECONDS } from './audit-trail';
import { deniedCall } from './denied-call';

describe(AuditTrail.name, () => {
  const manager = { name: 'primary manager' };
  let logs: { insert: jest.Mock; insertOrCountRepeat: jest.Mock };
  let sut: AuditTrail;

  beforeEach(() => {
    logs = { insert: jest.fn().mockResolvedValue(undefined), insertOrCountRepeat: jest.fn().mockResolvedValue(undefined) };
    sut = new AuditTrail({ manager } as unknown as DataSource, logs as unknown as AuditLogRepository, new RequestContext());
  });

  const inRequest = <T>(work: () => Promise<T>) => requestContextStorage.run({ requestId: 'req-1', clientIp: '203.0.113.9', userAgent: 'curl/8' }, work);

  it('counts a denied call in the row of its repeats, for a one-minute window, with the route, caller and client', async () => {
    const request = { user: { id: 'u1', role: Role.Customer, sessionId: 's1' }, method: 'GET', routeOptions: { url: '/api/v1/audit-logs' } };
    await inRequest(() => sut.securityEvent(deniedCall(request)));

    expect(REPEAT_WINDOW_SECONDS).toBe(60);
    expect(logs.insert).not.toHaveBeenCalled();
    expect(logs.insertOrCountRepeat).toHaveBeenCalledWith(
      manager,
      {
        action: 'authorization.denied',
        resourceType: 'route',
        resourceId: 'GET /api/v1/audit-logs',
        actorId: 'u1',
        actorRole: 'customer',
        outcome: 'failure',
        errorCode: 'FORBIDDEN',
        requestId: 'req-1',
        ip: '203.0.113.9',
        userAgent: 'curl/8',
      },
      REPEAT_WINDOW_SECONDS,
    );
  });

  it('writes one row per event for every other security event, failed logins included', async () => {
    await inRequest(() =>
      sut.securityEvent({ action: 'auth.login', resourceType: 'user', actor: { id: 'u1' }, outcome: 'failure', errorCode: 'WRONG_PASSWORD' }),
    );

    expect(logs.insertOrCountRepeat).not.toHaveBeenCalled();
    expect(logs.insert).toHaveBeenCalledWith(
      manager,
      expect.objectContaining({ action: 'auth.login', outcome: 'failure', errorCode: 'WRONG_PASSWORD', requestId: 'req-1' }),
    );
  });

  it('logs a failed write of a denied call instead of failing the request', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    logs.insertOrCountRepeat.mockRejectedValue(new Error('connection refused'));
    const request = { user: { id: 'u1', role: Role.Customer, sessionId: 's1' }, method: 'DELETE', routeOptions: { url: '/api/v1/products/:id' } };

    await expect(sut.securityEvent(deniedCall(request))).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ event: 'audit.write_failed', action: 'authorization.denied' }));
    logged.mockRestore();
  });
});

describe('deniedCall', () => {
  it('names the route by its pattern, so calls on different ids are the same repeatable event, cut to the column size', () => {
    const user = { id: 'u1', role: Role.Admin, sessionId: 's1' };
    const event = deniedCall({ user, method: 'PATCH', routeOptions: { url: '/api/v1/users/:id/role' } });
    expect(event).toEqual({
      action: 'authorization.denied',
      resourceType: 'route',
      resourceId: 'PATCH /api/v1/users/:id/role',
      actor: { id: 'u1', role: 'admin' },
      outcome: 'failure',
      errorCode: 'FORBIDDEN',
      repeatable: true,
    });
    expect(deniedCall({ method: 'GET', routeOptions: { url: `/${'x'.repeat(100)}` } }).resourceId).toHaveLength(64);
    expect(deniedCall({ method: 'GET' }).actor).toBeUndefined();
  });
});
