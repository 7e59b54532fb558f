import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, html, idFragment, jsonScript, raw } from './html.ts';

test('interpolated values are escaped, in text and attributes; our own markup is kept', () => {
  const name = `"><script>alert('x')</script>&`;
  const out = html`<p title="${name}">${name}${raw('<br>')}${['a<', null, false, undefined, 3]}</p>`.value;
  assert.equal(
    out,
    '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">' +
      '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;<br>a&lt;3</p>',
  );
  assert.equal(escapeHtml('a & b'), 'a &amp; b');
});

test('JSON for the page cannot end its script element and reads back unchanged', () => {
  const data = { name: '</script><script>alert(1)</script> <!-- & \u2028' };
  const out = jsonScript('d', data).value;
  const body = out.slice(out.indexOf('>') + 1, out.lastIndexOf('</script>'));
  assert.doesNotMatch(body, /[<>&\u2028]/);
  assert.deepEqual(JSON.parse(body), data);
});

test('ids from any text', () => {
  assert.equal(idFragment('GM0363'), 'GM0363');
  assert.equal(idFragment('0363 x"y'), 'x0363_x_y');
});
