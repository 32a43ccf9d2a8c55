import type { Provider, Type } from '@nestjs/common';
import { Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { TestingModule } from '@nestjs/testing';
import { compileRegistry, mutationWith, OpenResolver, routeWith } from '../../test/unit/rate-limit.registry.fixture';
import { RESOLVERS } from '../../test/unit/throttlers.fixture';
import { Public } from '../common/decorators';
import { HealthController } from '../health/health.controller';
import { CredentialMutation, Limit, NoRateLimit, RateLimit } from './rate-limit.decorators';
import { RateLimitRegistry } from './rate-limit.registry';
import { CREDENTIAL_MUTATIONS } from '../../test/unit/credential-mutations';

const opened: TestingModule[] = [];

/** Starting the module runs the registry's check (onModuleInit), as the application's start does. */
const start = async (providers: readonly Provider[], controllers: readonly Type<object>[] = []) => {
  const moduleRef = await compileRegistry(providers, controllers);
  opened.push(moduleRef);
  return moduleRef.init();
};

/** A start expected to fail: such a module holds nothing, and cannot be closed (close() rethrows the failure). */
const refused = async (providers: readonly Provider[], controllers: readonly Type<object>[] = []): Promise<void> => {
  await (await compileRegistry(providers, controllers)).init();
};

describe('RateLimitRegistry', () => {
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((moduleRef) => moduleRef.close()));
  });

  describe('over the real resolvers and the health controller', () => {
    it('starts, and knows exactly the password and emailed-link mutations as credential mutations', async () => {
      const moduleRef = await start(RESOLVERS, [HealthController]);

      const { credentialMutations } = moduleRef.get(RateLimitRegistry);
      expect([...credentialMutations].sort()).toEqual([...CREDENTIAL_MUTATIONS].sort());
    });

    // The health probes are public through their class's @Public and exempt through its @NoRateLimit.
    it('sees these operations as public, and each draws on a per-IP limit or is exempt', async () => {
      const moduleRef = await start(RESOLVERS, [HealthController]);

      const open = moduleRef
        .get(RateLimitRegistry)
        .operations()
        .filter((operation) => operation.isPublic);
      expect(open.map(({ label, limits, exemption }) => [label, limits, exemption])).toEqual([
        ['Mutation.signup', [Limit.SIGNUP_PER_IP], undefined],
        ['Mutation.login', [Limit.LOGIN_PER_EMAIL, Limit.CREDENTIAL_PER_IP], undefined],
        ['Mutation.refreshToken', [Limit.REFRESH_PER_SESSION, Limit.REFRESH_PER_IP], undefined],
        ['Mutation.requestPasswordReset', [Limit.MAIL_PER_RECIPIENT, Limit.MAIL_PER_IP], undefined],
        ['Mutation.resetPassword', [Limit.CREDENTIAL_PER_IP], undefined],
        ['Mutation.verifyEmail', [Limit.CREDENTIAL_PER_IP], undefined],
        ['Mutation.verifyTwoFactor', [Limit.CREDENTIAL_PER_IP], undefined],
        ['Mutation.startPasskeyLogin', [Limit.CREDENTIAL_PER_IP], undefined],
        ['Mutation.finishPasskeyLogin', [Limit.CREDENTIAL_PER_IP], undefined],
        ['HealthController.live (HTTP)', [], 'health probes'],
        ['HealthController.ready (HTTP)', [], 'health probes'],
      ]);
    });

    it('refuses to start beside a public mutation without a limit, naming only that one', async () => {
      const message =
        'Public operations need a per-IP rate limit (@RateLimit or @CredentialMutation) or a written exemption (@NoRateLimit): Mutation.rogue';
      await expect(refused([...RESOLVERS, mutationWith(Public())], [HealthController])).rejects.toThrow(
        new Error(message),
      );
    });
  });

  describe('a public GraphQL operation', () => {
    it('with neither a limit nor an exemption stops the start, naming it', async () => {
      await expect(refused([mutationWith(Public())])).rejects.toThrow(/: Mutation\.rogue$/);
    });

    it('with a written exemption (@NoRateLimit) starts', async () => {
      await expect(start([mutationWith(Public(), NoRateLimit('why'))])).resolves.toBeDefined();
    });

    const perIp = [Limit.CREDENTIAL_PER_IP, Limit.SIGNUP_PER_IP, Limit.REFRESH_PER_IP, Limit.MAIL_PER_IP];
    it.each(perIp)('limited per IP by %s starts', async (limit) => {
      await expect(start([mutationWith(Public(), CredentialMutation(limit))])).resolves.toBeDefined();
    });

    // Per email, session or recipient, a client that varies them is never stopped.
    const perKey = [Limit.LOGIN_PER_EMAIL, Limit.REFRESH_PER_SESSION, Limit.MAIL_PER_RECIPIENT];
    it.each(perKey)('limited only by %s is refused', async (limit) => {
      await expect(refused([mutationWith(Public(), CredentialMutation(limit))])).rejects.toThrow(/Mutation\.rogue/);
    });

    it('public through its resolver class is refused too', async () => {
      await expect(refused([OpenResolver])).rejects.toThrow(/Mutation\.rogue/);
    });

    // GraphQL serves any provider's instance, however it was made; class-level @Public sits on its class.
    it.each([
      ['a factory', (open: Type<object>): Provider => ({ provide: 'rogue', useFactory: () => new open() })],
      ['a value', (open: Type<object>): Provider => ({ provide: 'rogue', useValue: new open() })],
    ])('made by %s is judged as its class, and refused', async (_how, provider) => {
      await expect(refused([provider(OpenResolver)])).rejects.toThrow(/Mutation\.rogue/);
    });

    it('that is a query is refused by its field name, and every offender is named', async () => {
      @Resolver()
      class QueriesResolver {
        @Public()
        @Query(() => Boolean, { name: 'peek' })
        look(): boolean {
          return true;
        }
      }
      await expect(refused([QueriesResolver, mutationWith(Public())])).rejects.toThrow(
        /: Query\.peek, Mutation\.rogue$/,
      );
    });
  });

  describe('a public HTTP route', () => {
    it('without a limit stops the start, naming it', async () => {
      await expect(refused([], [routeWith(Public())])).rejects.toThrow(/: RogueController\.open \(HTTP\)$/);
    });

    it('with @NoRateLimit starts', async () => {
      await expect(start([], [routeWith(Public(), NoRateLimit('why'))])).resolves.toBeDefined();
    });

    it('limited per IP starts', async () => {
      await expect(start([], [routeWith(Public(), RateLimit(Limit.MAIL_PER_IP))])).resolves.toBeDefined();
    });
  });

  describe('what needs no limit', () => {
    // Every other operation needs a live session: the account, not the address, is what it costs.
    it('a mutation that is not public starts without one', async () => {
      await expect(start([mutationWith()], [routeWith()])).resolves.toBeDefined();
    });

    // A field resolver runs inside an operation that was judged already; it is no operation of its own.
    it('a field resolver of a public resolver is no operation', async () => {
      @Public()
      @Resolver(() => Boolean)
      class FieldsResolver {
        @ResolveField(() => String)
        name(): string {
          return 'x';
        }
      }
      const moduleRef = await start([FieldsResolver]);

      expect(moduleRef.get(RateLimitRegistry).operations()).toEqual([]);
    });
  });

  it('knows a credential mutation by its GraphQL name, and only mutations', async () => {
    @Resolver()
    class CredentialsResolver {
      @CredentialMutation(Limit.CREDENTIAL_PER_IP)
      @Mutation(() => Boolean, { name: 'signIn' })
      login(): boolean {
        return true;
      }

      @CredentialMutation(Limit.CREDENTIAL_PER_IP)
      @Query(() => Boolean)
      check(): boolean {
        return true;
      }
    }
    const moduleRef = await start([CredentialsResolver]);

    expect([...moduleRef.get(RateLimitRegistry).credentialMutations]).toEqual(['signIn']);
  });

  // Otherwise one request could alias a password-checking mutation many times under one limit's count.
  it.each(Object.values(Limit))('refuses a mutation drawing on %s that is not a @CredentialMutation', async (limit) => {
    await expect(refused([mutationWith(RateLimit(limit))])).rejects.toThrow(
      /must be marked @CredentialMutation: Mutation\.rogue/,
    );
  });

  it('adds up stacked limit declarations', async () => {
    const moduleRef = await start([
      mutationWith(Public(), CredentialMutation(Limit.LOGIN_PER_EMAIL), RateLimit(Limit.CREDENTIAL_PER_IP)),
    ]);

    const [rogue] = moduleRef.get(RateLimitRegistry).operations();
    expect([...rogue.limits].sort()).toEqual([Limit.LOGIN_PER_EMAIL, Limit.CREDENTIAL_PER_IP].sort());
  });

  it('lists credential mutations sorted, whatever order they were found in', async () => {
    @Resolver()
    class Unsorted {
      @CredentialMutation(Limit.CREDENTIAL_PER_IP)
      @Mutation(() => Boolean)
      zeta(): boolean {
        return true;
      }

      @CredentialMutation(Limit.CREDENTIAL_PER_IP)
      @Mutation(() => Boolean)
      alpha(): boolean {
        return true;
      }
    }
    const moduleRef = await start([Unsorted]);

    expect([...moduleRef.get(RateLimitRegistry).credentialMutations]).toEqual(['alpha', 'zeta']);
  });

  // An empty list would let any number of credential mutations through: reading it early is a bug.
  it('refuses to give out the credential mutations before the start-up check ran', async () => {
    const moduleRef = await compileRegistry([]);

    expect(() => moduleRef.get(RateLimitRegistry).credentialMutations).toThrow(/before the application started/);
  });
});
