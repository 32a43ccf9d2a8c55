import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  OperationTypeNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type { SecurityConfig } from '../config';

function rootFields(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    if (seen.has(name) || !fragments[name]) return [];
    seen.add(name);
    return rootFields(fragments[name].selectionSet, fragments, seen);
  });
}

/**
 * A validation rule: an operation with two credential mutations (aliases included) never runs.
 * `credential` is the set of mutations marked @CredentialMutation (RateLimitRegistry).
 */
export const singleCredentialMutation =
  (credential: () => ReadonlySet<string>) =>
  (context: ValidationContext): ASTVisitor => {
    const mutations = credential();
    const fragments = Object.fromEntries(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation) {
        if (operation.operation !== OperationTypeNode.MUTATION) return;
        const credential = rootFields(operation.selectionSet, fragments).filter((field) => mutations.has(field));
        if (credential.length > 1) {
          context.reportError(
            new GraphQLError(
              `At most one of ${[...mutations].join(', ')} per operation; this one has ${credential.length}`,
              {
                nodes: operation,
                extensions: { code: 'BAD_USER_INPUT' },
              },
            ),
          );
        }
      },
    };
  };

/**
 * Document limits: graphql-js's token limit, and graphql-armor's depth, aliases, cost, directives (field suggestions
 * hidden when introspection is off), plus the credential-mutation rule. All run during validation,
 * before any resolver.
 */
export function graphqlLimits(
  config: SecurityConfig,
  introspection: boolean,
  credentialMutations: () => ReadonlySet<string>,
) {
  const { maxDepth, maxAliases, maxTokens, maxCost } = config.graphql;
  const armor = new ApolloArmor({
    maxDepth: { n: maxDepth, ignoreIntrospection: true },
    maxAliases: { n: maxAliases },
    // The token limit is graphql-js's own (parseOptions below): a document over it is a parse error,
    // answered 400 like any other, rather than an error thrown from a plugin (500).
    maxTokens: { enabled: false },
    costLimit: { maxCost, ignoreIntrospection: true },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: !introspection },
  }).protect();
  return {
    plugins: armor.plugins,
    validationRules: [...armor.validationRules, singleCredentialMutation(credentialMutations)],
    parseOptions: { maxTokens },
  };
}
