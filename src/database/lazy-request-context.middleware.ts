import { type EntityManager, MikroORM, RequestContext } from '@mikro-orm/core';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { AsyncLocalStorage } from 'node:async_hooks';

// RequestContext.create() would fork at once; its storage is what create() itself runs in.
// (MikroORM is pinned to an exact version in package.json; every e2e test that touches the ORM
// inside a request proves the context is still found there.)
const storage = (RequestContext as unknown as { storage: AsyncLocalStorage<RequestContext> }).storage;

/** The request's EntityManager fork, made the first time something asks for it. */
class LazyForks extends Map<string, EntityManager> {
  /** fork() itself asks for the current context: it must then find none, as during MikroORM's own set-up. */
  private forking = false;

  constructor(private readonly root: EntityManager) {
    super();
  }

  override get(name: string): EntityManager | undefined {
    let fork = super.get(name);
    if (!fork && name === this.root.name && !this.forking) {
      this.forking = true;
      try {
        fork = this.root.fork({ useContext: true });
      } finally {
        this.forking = false;
      }
      this.set(name, fork);
    }
    return fork;
  }
}

/**
 * MikroORM's per-request context, as its own middleware provides it, except that the fork (a unit
 * of work and an identity map) is only made if the request uses the ORM. Most requests are the
 * session guard's raw lookup and a resolver that reads what it found: they never need one.
 */
@Injectable()
export class LazyRequestContextMiddleware implements NestMiddleware {
  constructor(private readonly orm: MikroORM) {
    if (typeof storage?.run !== 'function')
      throw new Error('MikroORM RequestContext.storage not found: check the pinned @mikro-orm/core version');
  }

  use(_req: unknown, _res: unknown, next: () => void): void {
    storage.run(new RequestContext(new LazyForks(this.orm.em)), next);
  }
}
