import { Test } from '@nestjs/testing';
import { InvalidInputError } from '../common/errors';
import { securityConfig } from '../config';
import { testSecurityConfig } from '../../test/unit/config.fixture';
import { type PasswordOwner, PasswordPolicy } from './password.policy';

const alice: PasswordOwner = { email: 'wonderland.fan@example.com', name: 'Alice Liddell' };
const COMMON = /is one of the most common passwords/;
const PERSONAL = /must not contain your email address or name/;

describe('PasswordPolicy', () => {
  let policy: PasswordPolicy;

  const build = async (passwordMinLength: number) => {
    const moduleRef = await Test.createTestingModule({
      providers: [PasswordPolicy, { provide: securityConfig.KEY, useValue: testSecurityConfig({ passwordMinLength }) }],
    }).compile();
    policy = moduleRef.get(PasswordPolicy);
  };

  /** The InvalidInputError the policy throws; fails the test when the password is accepted. */
  const rejection = (password: string, owner: PasswordOwner = alice, field?: string): InvalidInputError => {
    try {
      policy.assertAcceptable(password, owner, field);
    } catch (error) {
      if (error instanceof InvalidInputError) return error;
      throw error;
    }
    throw new Error(`"${password}" was accepted`);
  };

  describe('with PASSWORD_MIN_LENGTH=8', () => {
    beforeEach(() => build(8));

    it('accepts a 64-character passphrase', () => {
      const passphrase = 'violet kettles hum beneath seventeen crooked lanterns at dawn!!!';
      expect(passphrase).toHaveLength(64);

      expect(() => policy.assertAcceptable(passphrase, alice)).not.toThrow();
    });

    it.each(['password', 'Password', 'ＰＡＳＳＷＯＲＤ', '12345678'])(
      'rejects %p as a common password, and says so',
      (password) => {
        expect(rejection(password).fields).toEqual([{ field: 'password', messages: [expect.stringMatching(COMMON)] }]);
      },
    );

    it.each<[string, PasswordOwner, string]>([
      ['the email local part, whatever its case', alice, 'my-WONDERLAND.FAN-secret'],
      ['the whole name', { email: 'x@example.com', name: 'Al Bo' }, 'zz-al bo-zz!'],
      ['a part of the name', alice, 'zebra LIDDELL zebra'],
      ['a three-character part of the name', { email: 'x@example.com', name: 'Ann Smith' }, 'banners and flags'],
    ])('rejects a password containing %s', (_case, owner, password) => {
      expect(rejection(password, owner).fields).toEqual([
        { field: 'password', messages: [expect.stringMatching(PERSONAL)] },
      ]);
    });

    it('ignores parts of the name shorter than three characters', () => {
      expect(() =>
        policy.assertAcceptable('alfalfa bonbon rules', { email: 'x@example.com', name: 'Al Bo' }),
      ).not.toThrow();
    });

    it('reports the field it is given, in the field and in every message', () => {
      const error = rejection('password', alice, 'newPassword');

      expect(error.fields).toEqual([{ field: 'newPassword', messages: [expect.stringMatching(/^newPassword /)] }]);
      expect(error.fields[0].messages[0]).toMatch(COMMON);
    });
  });

  describe('with PASSWORD_MIN_LENGTH=15', () => {
    beforeEach(() => build(15));

    // The unicorn is one code point but two UTF-16 units: only a code-point count gets these right.
    it.each(['tangerine-otte', '🦄'.repeat(14)])('rejects the 14-code-point %p as too short', (password) => {
      expect(rejection(password).fields).toEqual([
        { field: 'password', messages: ['password must be at least 15 characters long'] },
      ]);
    });

    it.each(['tangerine-otter', '🦄'.repeat(15)])('accepts the 15-code-point %p', (password) => {
      expect(() => policy.assertAcceptable(password, alice)).not.toThrow();
    });

    it('lists every problem at once', () => {
      const error = rejection('password', { email: 'password@example.com', name: 'Pass Word' });

      expect(error.fields).toEqual([
        {
          field: 'password',
          messages: [
            'password must be at least 15 characters long',
            expect.stringMatching(COMMON),
            expect.stringMatching(PERSONAL),
          ],
        },
      ]);
    });
  });
});
