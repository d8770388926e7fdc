#!/usr/bin/env node
// Render a BPMN 2.0 file (with BPMNDI) to PNG using the bpmn-js viewer in headless Chromium.
// Usage: [SCALE=2] node render.js <file.bpmn> <out.png> [width] [height]
// Also prints import warnings/errors and simple layout checks (edge endpoints vs. shapes, label overlaps).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

async function main() {
  const [, , inFile, outFile, w = '2800', h = '1000'] = process.argv;
  if (!inFile || !outFile) {
    console.error('usage: node render.js <file.bpmn> <out.png> [width] [height]');
    process.exit(2);
  }
  const xml = fs.readFileSync(inFile, 'utf8');
  const dist = path.join(__dirname, 'node_modules', 'bpmn-js', 'dist');
  const html = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${dist}/assets/diagram-js.css">
<link rel="stylesheet" href="file://${dist}/assets/bpmn-js.css">
<link rel="stylesheet" href="file://${dist}/assets/bpmn-font/css/bpmn.css">
<style>html,body{margin:0;padding:0;background:#fff}#canvas{width:100vw;height:100vh}</style>
<script src="file://${dist}/bpmn-viewer.development.js"></script>
</head><body><div id="canvas"></div></body></html>`;
  const htmlFile = path.join(__dirname, '.render-page.html');
  fs.writeFileSync(htmlFile, html);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--allow-file-access-from-files'],
  });
  let exitCode = 0;
  try {
    const page = await browser.newPage({ viewport: { width: +w, height: +h }, deviceScaleFactor: +(process.env.SCALE || 1) });
    page.on('pageerror', e => console.log('PAGE ERROR:', e.message));
    page.on('console', m => { if (m.type() === 'error') console.log('CONSOLE ERROR:', m.text()); });
    await page.goto('file://' + htmlFile);
    const result = await page.evaluate(async (xml) => {
      const viewer = new window.BpmnJS({ container: '#canvas' });
      const out = { warnings: [], error: null, checks: [] };
      try {
        const r = await viewer.importXML(xml);
        out.warnings = (r.warnings || []).map(x => x.message + (x.element && x.element.id ? ` [${x.element.id}]` : ''));
      } catch (e) {
        out.error = e.message;
        out.warnings = (e.warnings || []).map(x => x.message);
        return out;
      }
      const canvas = viewer.get('canvas');
      canvas.zoom('fit-viewport');
      // --- simple layout checks on the DI geometry ---
      const reg = viewer.get('elementRegistry');
      const all = reg.getAll();
      const shapes = all.filter(e => !e.waypoints && e.type !== 'label' && e.parent && e.type !== 'bpmn:Process' && e.type !== 'bpmn:Collaboration');
      const conns = all.filter(e => e.waypoints);
      const labels = all.filter(e => e.type === 'label');
      const TOL = 6;
      const near = (p, s) => p.x >= s.x - TOL && p.x <= s.x + s.width + TOL && p.y >= s.y - TOL && p.y <= s.y + s.height + TOL;
      const onBorder = (p, s) => near(p, s) && !(p.x > s.x + TOL && p.x < s.x + s.width - TOL && p.y > s.y + TOL && p.y < s.y + s.height - TOL);
      const isContainer = s => /Participant|Lane|SubProcess|Group/.test(s.type);
      const inter = (a, b) => a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;
      const segHits = (p, q, s) => { // segment vs rect interior (shrunk)
        const r = { x: s.x + 2, y: s.y + 2, w: s.width - 4, h: s.height - 4 };
        if (p.x === q.x) return p.x > r.x && p.x < r.x + r.w && Math.max(p.y, q.y) > r.y && Math.min(p.y, q.y) < r.y + r.h;
        if (p.y === q.y) return p.y > r.y && p.y < r.y + r.h && Math.max(p.x, q.x) > r.x && Math.min(p.x, q.x) < r.x + r.w;
        for (let t = 0; t <= 1; t += 0.02) { const x = p.x + (q.x - p.x) * t, y = p.y + (q.y - p.y) * t; if (x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h) return true; }
        return false;
      };
      for (const c of conns) {
        const wp = c.waypoints, a = wp[0], b = wp[wp.length - 1];
        if (c.source && !isContainer(c.source) && !onBorder(a, c.source)) out.checks.push(`EDGE START not on source border: ${c.id} (${a.x},${a.y}) source ${c.source.id} [${c.source.x},${c.source.y},${c.source.width}x${c.source.height}]`);
        if (c.target && !isContainer(c.target) && !onBorder(b, c.target)) out.checks.push(`EDGE END not on target border: ${c.id} (${b.x},${b.y}) target ${c.target.id} [${c.target.x},${c.target.y},${c.target.width}x${c.target.height}]`);
        for (let i = 0; i < wp.length - 1; i++) for (const s of shapes) {
          if (isContainer(s) || s === c.source || s === c.target) continue;
          if (segHits(wp[i], wp[i + 1], s)) out.checks.push(`EDGE CROSSES SHAPE: ${c.id} segment ${i} crosses ${s.id}`);
        }
        for (let i = 0; i < wp.length - 1; i++) { const p = wp[i], q = wp[i + 1]; if (p.x !== q.x && p.y !== q.y) out.checks.push(`EDGE DIAGONAL segment: ${c.id} segment ${i} (${p.x},${p.y})->(${q.x},${q.y})`); }
      }
      const flowNodes = shapes.filter(s => !isContainer(s));
      for (let i = 0; i < flowNodes.length; i++) for (let j = i + 1; j < flowNodes.length; j++)
        if (inter(flowNodes[i], flowNodes[j]) && flowNodes[i].host !== flowNodes[j] && flowNodes[j].host !== flowNodes[i])
          out.checks.push(`SHAPE OVERLAP: ${flowNodes[i].id} / ${flowNodes[j].id}`);
      const visLabels = labels.filter(l => l.businessObject && l.businessObject.name);
      for (const l of visLabels) {
        for (const s of flowNodes) if (s !== l.labelTarget && inter(l, s)) out.checks.push(`LABEL OVERLAPS SHAPE: label of ${l.labelTarget.id} "${l.businessObject.name}" / ${s.id}`);
        for (const m of visLabels) if (m.id > l.id && inter(l, m)) out.checks.push(`LABEL OVERLAPS LABEL: ${l.labelTarget.id} / ${m.labelTarget.id}`);
        for (const c of conns) if (c !== l.labelTarget) for (let i = 0; i < c.waypoints.length - 1; i++)
          if (segHits(c.waypoints[i], c.waypoints[i + 1], { x: l.x - 2, y: l.y - 2, width: l.width + 4, height: l.height + 4 })) { out.checks.push(`EDGE CROSSES LABEL: ${c.id} crosses label of ${l.labelTarget.id} "${l.businessObject.name}"`); break; }
      }
      out.counts = { shapes: shapes.length, connections: conns.length, labels: labels.length };
      return out;
    }, xml);

    if (result.error) { console.log('IMPORT ERROR:', result.error); exitCode = 1; }
    console.log(`IMPORT WARNINGS (${result.warnings.length}):`);
    for (const wmsg of result.warnings) console.log('  - ' + wmsg);
    if (result.counts) console.log('ELEMENTS:', JSON.stringify(result.counts));
    console.log(`LAYOUT CHECKS (${result.checks.length}):`);
    for (const c of result.checks) console.log('  - ' + c);
    await page.waitForTimeout(500);
    await page.locator('#canvas').screenshot({ path: outFile });
    console.log('WROTE', outFile);
  } finally {
    await browser.close();
  }
  process.exit(exitCode);
}
main().catch(e => { console.error(e); process.exit(1); });
