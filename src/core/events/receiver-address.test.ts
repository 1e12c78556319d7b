import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { assertReceiverAllowed, guardedLookup, isPrivateAddress, parseReceiverUrl, ReceiverUrlError } from './receiver-address.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['::', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::10.0.0.1', true],
    ['2606:4700:4700::1111', false],
    ['not an address', true],
  ])('%s -> %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('parseReceiverUrl', () => {
  it.each(['ftp://example.com/', 'example.com/hook', 'https://user:pw@example.com/', `https://example.com/${'a'.repeat(2048)}`])('refuses %s', (raw) => {
    expect(() => parseReceiverUrl(raw)).toThrow(ReceiverUrlError);
  });

  it('accepts https and http URLs', () => {
    expect(parseReceiverUrl('https://hooks.example.com/rollcall?x=1').hostname).toBe('hooks.example.com');
    expect(parseReceiverUrl('http://[::1]:8080/').hostname).toBe('[::1]');
  });
});

describe('assertReceiverAllowed', () => {
  const resolver = (addresses: string[]) => async () => addresses;

  it('refuses literal and resolved private addresses unless allowed', async () => {
    await expect(assertReceiverAllowed(new URL('http://127.0.0.1:9/'), false)).rejects.toMatchObject({ problem: 'private-network' });
    await expect(assertReceiverAllowed(new URL('http://[::1]:9/'), false)).rejects.toMatchObject({ problem: 'private-network' });
    await expect(assertReceiverAllowed(new URL('https://hooks.example.com/'), false, resolver(['93.184.216.34', '10.0.0.5']))).rejects.toMatchObject({
      problem: 'private-network',
    });
    await expect(assertReceiverAllowed(new URL('http://127.0.0.1:9/'), true)).resolves.toEqual(['127.0.0.1']);
    await expect(assertReceiverAllowed(new URL('https://hooks.example.com/'), false, resolver(['93.184.216.34']))).resolves.toEqual(['93.184.216.34']);
  });

  it('says when a host does not resolve', async () => {
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(assertReceiverAllowed(new URL('https://nowhere.invalid/'), false, failing)).rejects.toMatchObject({ problem: 'unresolvable' });
  });
});

describe('guardedLookup', () => {
  it('refuses a connection to a name that resolves to loopback', async () => {
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      get('http://localhost:9/', { lookup: guardedLookup(false) }, () => resolve(new Error('connected') as NodeJS.ErrnoException)).on('error', resolve);
    });
    expect(error.code).toBe('EPRIVATENETWORK');
  });
});
