import { type EntityManager, type ForkOptions, MikroORM, RequestContext } from '@mikro-orm/core';
import { Test } from '@nestjs/testing';
import { LazyRequestContextMiddleware } from './lazy-request-context.middleware';

/** Stands in for a fork: only its identity matters here. */
const forkNumbered = (n: number) => ({ name: 'default', n }) as unknown as EntityManager;

describe('LazyRequestContextMiddleware', () => {
  let middleware: LazyRequestContextMiddleware;
  const root = { name: 'default', fork: jest.fn<EntityManager, [ForkOptions?]>() };

  /** Runs `work` as the rest of a request behind the middleware, and waits for it. */
  function inRequest<T>(work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      middleware.use({}, {}, () => {
        Promise.resolve().then(work).then(resolve, reject);
      });
    });
  }

  beforeEach(async () => {
    jest.resetAllMocks();
    let forks = 0;
    root.fork.mockImplementation(() => forkNumbered(++forks));
    const orm: Pick<MikroORM, 'em'> = { em: root as unknown as MikroORM['em'] };
    const moduleRef = await Test.createTestingModule({
      providers: [LazyRequestContextMiddleware, { provide: MikroORM, useValue: orm }],
    }).compile();
    middleware = moduleRef.get(LazyRequestContextMiddleware);
  });

  it('calls next once, inside a request context', () => {
    const next = jest.fn(() => RequestContext.currentRequestContext());

    middleware.use({}, {}, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(next.mock.results[0].value).toBeInstanceOf(RequestContext);
  });

  it('makes no fork for a request that never asks for the EntityManager', async () => {
    await expect(inRequest(() => 'done')).resolves.toBe('done');
    expect(root.fork).not.toHaveBeenCalled();
  });

  it('forks the root manager the first time the request asks, with the context, and only then', async () => {
    const seen = await inRequest(() => {
      const before = root.fork.mock.calls.length;
      return { before, em: RequestContext.getEntityManager() };
    });

    expect(seen).toEqual({ before: 0, em: forkNumbered(1) });
    expect(root.fork.mock.calls).toEqual([[{ useContext: true }]]);
  });

  it('gives the request one fork however often, and however late, it asks', async () => {
    const ems = await inRequest(async () => {
      const first = RequestContext.getEntityManager();
      await new Promise((resolve) => setImmediate(resolve));
      return [first, RequestContext.getEntityManager(), RequestContext.currentRequestContext()?.em];
    });

    expect(root.fork).toHaveBeenCalledTimes(1);
    expect(ems).toEqual([forkNumbered(1), forkNumbered(1), forkNumbered(1)]);
    expect(new Set(ems).size).toBe(1);
  });

  it('gives each request its own fork, and none outside a request', async () => {
    const [first, second] = await Promise.all([
      inRequest(() => RequestContext.getEntityManager()),
      inRequest(() => RequestContext.getEntityManager()),
    ]);

    expect(root.fork).toHaveBeenCalledTimes(2);
    expect(first).not.toBe(second);
    expect(RequestContext.getEntityManager()).toBeUndefined();
  });

  it('makes nothing for a manager name that is not the root one', async () => {
    await expect(inRequest(() => RequestContext.getEntityManager('other'))).resolves.toBeUndefined();
    expect(root.fork).not.toHaveBeenCalled();
  });

  it('while forking, finds no context manager (as during MikroORM set-up) instead of forking again', async () => {
    const askedWhileForking: Array<EntityManager | undefined> = [];
    root.fork.mockImplementation(() => {
      askedWhileForking.push(RequestContext.getEntityManager());
      return forkNumbered(1);
    });

    await expect(inRequest(() => RequestContext.getEntityManager())).resolves.toEqual(forkNumbered(1));
    expect(root.fork).toHaveBeenCalledTimes(1);
    expect(askedWhileForking).toEqual([undefined]);
  });

  it('after a fork that failed, forks again on the next ask', async () => {
    root.fork.mockImplementationOnce(() => {
      throw new Error('fork failed');
    });

    const [second, third] = await inRequest(() => {
      expect(() => RequestContext.getEntityManager()).toThrow('fork failed');
      return [RequestContext.getEntityManager(), RequestContext.getEntityManager()];
    });

    expect(second).toEqual(forkNumbered(1));
    expect(third).toBe(second);
    expect(root.fork).toHaveBeenCalledTimes(2);
  });
});
