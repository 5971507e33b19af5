// node_client.js: node-routeros 1.6.9 against tikdeck-sim (7.17 profile).
// Usage: node node_client.js API_PORT API_SSL_PORT (the ssl port in ADH mode).
'use strict';
const assert = require('assert');
const { RouterOSAPI } = require('node-routeros');

const host = '127.0.0.1';
const port = parseInt(process.argv[2], 10);
const sslPort = parseInt(process.argv[3], 10);
const longPass = process.env.LONGPW;

function api(opts) {
  return new RouterOSAPI(Object.assign({ host, port, user: 'admin',
    password: '', timeout: 5, keepalive: false }, opts));
}

async function main() {
  // Login: ok, a wrong password, a long password with special characters.
  let bad = api({ password: 'wrong' });
  await assert.rejects(bad.connect(), (e) => e.errno === 'CANTLOGIN');
  let lp = api({ user: 'longpw', password: longPass });
  await lp.connect();
  await lp.close();

  const c = api({});
  await c.connect();
  let r = await c.write('/interface/print');
  assert.ok(r.length >= 6 && r[0].name === 'ether1', 'interface print');
  r = await c.write('/interface/print', ['=.proplist=.id,name']);
  assert.deepStrictEqual(Object.keys(r[0]).sort(), ['.id', 'name']);
  r = await c.write('/user/print', ['?name=admin']);
  assert.strictEqual(r.length, 1);
  assert.strictEqual(r[0].group, 'full');
  await assert.rejects(c.write('/nosuch/print'),
    (e) => /no such command/.test(e.message));

  // listen, then a change from another request, then cancel.
  const seen = [];
  const st = c.stream('/ip/address/listen', (err, packet) => {
    if (!err && packet) seen.push(packet);
  });
  await new Promise((res) => setTimeout(res, 200));
  const id = await c.write('/ip/address/add',
    ['=address=192.168.84.10/24', '=interface=ether2']);
  r = await c.write('/ip/address/print', ['?address=192.168.84.10/24']);
  assert.strictEqual(r.length, 1);
  assert.strictEqual(r[0].interface, 'ether2');
  assert.strictEqual(r[0].network, '192.168.84.0');
  await c.write('/ip/address/remove', ['=.id=' + r[0]['.id']]);
  await new Promise((res) => setTimeout(res, 300));
  await st.stop();
  assert.ok(seen.some((p) => p.address === '192.168.84.10/24'), 'listen add');
  assert.ok(seen.some((p) => p['.dead'] === 'true'), 'listen dead');
  r = await c.write('/ip/address/print', ['?address=192.168.84.10/24']);
  assert.strictEqual(r.length, 0);
  void id;
  await c.close();

  // TLS with anonymous DH (api-ssl without a certificate).
  const t = api({ port: sslPort, tls: { rejectUnauthorized: false,
    ciphers: 'ADH-AES256-GCM-SHA384:@SECLEVEL=0', maxVersion: 'TLSv1.2' } });
  await t.connect();
  r = await t.write('/system/identity/print');
  assert.strictEqual(r[0].name, 'soho-gw');
  await t.close();
  console.log('ok');
}

main().then(() => process.exit(0), (e) => {
  console.error('FAIL:', e && (e.stack || e.message || e));
  process.exit(1);
});
