import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '../common/decorators';
import {
  CREDENTIAL_KEY,
  CREDENTIAL_LIMITS,
  type Limit,
  NO_RATE_LIMIT_KEY,
  PER_IP_LIMITS,
  RATE_LIMITS_KEY,
} from './rate-limit.decorators';

// @nestjs/graphql's own metadata on a @Query/@Mutation method: its root type and field name.
const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);
// @nestjs/common's metadata on a controller's route method.
const ROUTE_PATH = 'path';

/** A class or a method: what decorators put metadata on. */
type Decorated = (...args: never[]) => unknown;
const isDecorated = (value: unknown): value is Decorated => typeof value === 'function';

/** One operation a client can call: a GraphQL root field, or an HTTP route. */
export interface Operation {
  label: string;
  /** The GraphQL root type, or null for an HTTP route. */
  type: string | null;
  field: string;
  isPublic: boolean;
  limits: readonly Limit[];
  credential: boolean;
  exemption?: string;
}

/**
 * Reads the limits every operation declares, at start-up. Nothing public is unlimited by accident:
 * a public operation with no per-IP limit and no written exemption (@NoRateLimit) stops the start.
 * Also the one list of credential mutations, for the one-per-operation rule.
 */
@Injectable()
export class RateLimitRegistry implements OnModuleInit {
  private mutations?: ReadonlySet<string>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const operations = this.operations();
    const unguarded = operations.filter(
      (op) => op.isPublic && !op.exemption && !op.limits.some((limit) => PER_IP_LIMITS.has(limit)),
    );
    if (unguarded.length) {
      throw new Error(
        `Public operations need a per-IP rate limit (@RateLimit or @CredentialMutation) or a written exemption (@NoRateLimit): ${unguarded.map((op) => op.label).join(', ')}`,
      );
    }
    // A mutation that draws on a credential limit is a credential mutation: it falls under the
    // one-per-operation rule too, or one request could multiply the guesses a limit allows.
    const unmarked = operations.filter(
      (op) => op.type === 'Mutation' && !op.credential && op.limits.some((limit) => CREDENTIAL_LIMITS.has(limit)),
    );
    if (unmarked.length) {
      throw new Error(
        `Mutations drawing on a credential limit must be marked @CredentialMutation: ${unmarked.map((op) => op.label).join(', ')}`,
      );
    }
    const credential = operations.filter((op) => op.credential && op.type === 'Mutation').map((op) => op.field);
    // Sorted, so the rule's message does not depend on the order modules are imported in.
    this.mutations = new Set(credential.sort());
  }

  /** The mutations marked @CredentialMutation: at most one of them per GraphQL operation. */
  get credentialMutations(): ReadonlySet<string> {
    // Read before start-up finished, an empty list would let any number through: refuse instead.
    if (!this.mutations) throw new Error('RateLimitRegistry read before the application started');
    return this.mutations;
  }

  /** Every resolver field and route handler of the application, with what it declares. */
  operations(): Operation[] {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    return wrappers.flatMap(({ instance }) => {
      // As @nestjs/graphql does: whatever made the instance (a class, a factory, a value), its
      // prototype holds the handlers and its class the class-level metadata (getClass() at run time).
      if (!instance || typeof instance !== 'object') return [];
      const prototype = Object.getPrototypeOf(instance) as object | null;
      const owner: unknown = prototype?.constructor;
      if (!prototype || !isDecorated(owner)) return [];
      return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = (prototype as Record<string, unknown>)[name];
        return isDecorated(handler) ? this.describe(owner, name, handler) : [];
      });
    });
  }

  private describe(owner: Decorated, name: string, handler: Decorated): Operation[] {
    const declared = Reflect.getMetadata(RESOLVER_TYPE, handler) as string | undefined;
    const type = declared && ROOT_TYPES.has(declared) ? declared : undefined;
    const route = Reflect.getMetadata(ROUTE_PATH, handler) as string | string[] | undefined;
    if (!type && route === undefined) return [];
    const field = (Reflect.getMetadata(RESOLVER_NAME, handler) as string | undefined) ?? name;
    return [
      {
        label: type ? `${type}.${field}` : `${owner.name}.${name} (HTTP)`,
        type: type ?? null,
        field,
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, owner]) === true,
        limits: this.reflector.get<Limit[] | undefined>(RATE_LIMITS_KEY, handler) ?? [],
        credential: this.reflector.get<boolean | undefined>(CREDENTIAL_KEY, handler) === true,
        exemption: this.reflector.getAllAndOverride<string | undefined>(NO_RATE_LIMIT_KEY, [handler, owner]),
      },
    ];
  }
}
