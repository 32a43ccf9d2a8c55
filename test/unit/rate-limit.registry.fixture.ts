import { applyDecorators, Controller, Get, type Provider, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Mutation, Resolver } from '@nestjs/graphql';
import { Test, type TestingModule } from '@nestjs/testing';
import { Public } from '../../src/common/decorators';
import { RateLimitRegistry } from '../../src/security/rate-limit.registry';

/**
 * A module of the registry and the given classes, as real providers and controllers (so discovered
 * with their real prototypes); whatever they inject is an empty fake, since nothing is called.
 */
export const compileRegistry = (
  providers: readonly Provider[],
  controllers: readonly Type<object>[] = [],
): Promise<TestingModule> =>
  Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [RateLimitRegistry, ...providers],
    controllers: [...controllers],
  })
    .useMocker(() => ({}))
    .compile();

/** A resolver with one mutation, `rogue`, decorated with `decorators` (and nothing else). */
export const mutationWith = (...decorators: MethodDecorator[]): Type<object> => {
  @Resolver()
  class RogueResolver {
    @applyDecorators(...decorators)
    @Mutation(() => Boolean)
    rogue(): boolean {
      return true;
    }
  }
  return RogueResolver;
};

/** A controller with one route, GET /rogue, decorated with `decorators`. */
export const routeWith = (...decorators: MethodDecorator[]): Type<object> => {
  @Controller('rogue')
  class RogueController {
    @applyDecorators(...decorators)
    @Get()
    open(): boolean {
      return true;
    }
  }
  return RogueController;
};

/** Public through its class, not its method: an unlimited mutation all the same. */
@Public()
@Resolver()
export class OpenResolver {
  @Mutation(() => Boolean)
  rogue(): boolean {
    return true;
  }
}
