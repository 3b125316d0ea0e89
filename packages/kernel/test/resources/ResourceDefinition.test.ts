import { describe, expect, it } from 'vitest';
import { CortexError, defineResource, defineResourceTemplate } from '@cortex-os/kernel';

function codeOf(build: () => unknown): string | undefined {
  try {
    build();
  } catch (error) {
    return CortexError.is(error) ? error.code : 'not a CortexError';
  }
  return undefined;
}

describe('defineResource and defineResourceTemplate', () => {
  it('build frozen definitions tagged with their kind', () => {
    const fixed = defineResource({ uri: 'docs://readme', name: 'readme', read: () => '' });
    const template = defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', read: () => '' });
    expect(fixed.kind).toBe('resource');
    expect(template.kind).toBe('template');
    expect(Object.isFrozen(fixed) && Object.isFrozen(template)).toBe(true);
  });

  it('reject bad URIs, templates, names, readers and completers when they are built', () => {
    expect(() => defineResource({ uri: 'not a uri', name: 'x', read: () => '' })).toThrow(
      'Resource URI "not a uri" is not an absolute URI (scheme:…).',
    );
    expect(() => defineResource({ uri: 'docs://a', name: ' ', read: () => '' })).toThrow('Resource "docs://a" needs a name.');
    expect(() => defineResource({ uri: 'docs://a', name: 'a', read: undefined as never })).toThrow(
      'Resource "docs://a" needs a read function.',
    );
    expect(() => defineResourceTemplate({ uriTemplate: 'notes://fixed', name: 'n', read: () => '' })).toThrow(
      'URI template "notes://fixed" needs a scheme and at least one {variable}.',
    );
    expect(() => defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'n', read: () => '', complete: { other: () => [] } })).toThrow(
      'URI template "notes://{id}" completes "other", which is not one of its variables (id).',
    );
    expect(() => defineResource({ uri: 'docs://a', name: 'a', read: () => '', watch: 'yes' as never })).toThrow(
      'Resource "docs://a" has a watch that is not a function.',
    );
    expect(() => defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'n', read: () => '', watch: {} as never })).toThrow(
      'Resource "notes://{id}" has a watch that is not a function.',
    );
    expect(codeOf(() => defineResource({ uri: 'nope', name: 'x', read: () => '' }))).toBe('RESOURCE_DEFINITION_INVALID');
    expect(codeOf(() => defineResourceTemplate({ uriTemplate: '{id}', name: 'x', read: () => '' }))).toBe('RESOURCE_DEFINITION_INVALID');
  });
});
