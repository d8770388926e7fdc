import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api } from './api.js';
import { t } from './i18n.js';
import { escape, money, number, percent, ratio } from './format.js';

echarts.use([BarChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const SHOWN_TYPES = ['startEvent', 'endEvent', 'noneEndEvent', 'serviceTask', 'sendTask', 'userTask', 'receiveTask',
  'businessRuleTask', 'intermediateTimer', 'intermediateMessageCatch', 'intermediateSignalCatch', 'messageStartEvent',
  'eventBasedGateway', 'exclusiveGateway', 'subProcess', 'callActivity', 'boundaryTimer', 'boundaryMessage',
  'boundaryError', 'errorEndEvent', 'terminateEndEvent', 'startTimerEvent'];

/**
 * The journey drawn by bpmn-js with every step's figures laid over it, the funnel of its
 * steps, its messages per channel and its arms with their lift over the holdout.
 */
export async function journeyPage(page, key, query) {
  const launch = query.get('launch');
  const filter = launch ? `?launch=${encodeURIComponent(launch)}` : '';
  const [xml, funnel] = await Promise.all([
    api.text(`api/journeys/${encodeURIComponent(key)}/diagram`),
    api.get(`api/journeys/${encodeURIComponent(key)}/funnel${filter}`)
  ]);
  const totals = funnel.totals;
  page.innerHTML = `
    <h1>${escape(key)} ${launch ? `<span class="tag">${t('launch')} #${escape(launch)}</span>` : ''}</h1>
    <form class="filter" id="filter">
      <label>${t('filterLaunch')} <input name="launch" value="${escape(launch ?? '')}" size="6"></label>
      <button type="submit">${t('apply')}</button>
      <span class="key">${t('attribution')}: ${escape(funnel.attributionWindow)} · goal: ${escape(funnel.goals.join(', '))}</span>
    </form>
    <section class="cards" id="totals">
      ${card('entered', number(totals.entered))}${card('active', number(totals.active))}
      ${card('converted', number(totals.converted))}${card('conversionRate', percent(totals.conversionRate))}
      ${card('revenue', money(totals.revenue))}${card('cost', money(totals.cost.total))}${card('roi', ratio(totals.roi))}
    </section>
    <div id="diagram" class="diagram"></div>
    <section class="two">
      <div><h2>${t('steps')}</h2><div id="steps-chart" class="chart"></div></div>
      <div><h2>${t('exits')}</h2><div id="exits-chart" class="chart"></div></div>
    </section>
    <h2>${t('channel')}</h2>
    <table class="grid" id="channels"><thead><tr><th>${t('channel')}</th><th class="n">${t('sent')}</th>
      <th class="n">${t('suppressed')}</th><th class="n">${t('failed')}</th></tr></thead>
      <tbody>${Object.entries(funnel.channels).map(([channel, c]) => `<tr data-channel="${escape(channel)}">
        <td>${escape(channel)}</td><td class="n">${number(c.sent)}</td><td class="n">${number(c.suppressed)}</td>
        <td class="n">${number(c.failed)}</td></tr>`).join('') || `<tr><td colspan="4">${t('noData')}</td></tr>`}</tbody>
    </table>
    <h2>${t('arms')}</h2>
    <table class="grid" id="arms"><thead><tr><th>${t('variant')}</th><th class="n">${t('entered')}</th>
      <th class="n">${t('converted')}</th><th class="n">${t('conversionRate')}</th><th class="n">${t('revenue')}</th>
      <th class="n">${t('cost')}</th><th class="n">${t('roi')}</th><th>${t('lift')}</th></tr></thead>
      <tbody>${funnel.arms.map((arm) => `<tr data-arm="${arm.holdout ? 'holdout' : escape(arm.variant ?? 'all')}">
        <td>${arm.holdout ? t('holdout') : escape(arm.variant ?? t('all'))}</td><td class="n">${number(arm.entered)}</td>
        <td class="n">${number(arm.converted)}</td><td class="n">${percent(arm.conversionRate)}</td>
        <td class="n">${money(arm.revenue)}</td><td class="n">${money(arm.cost)}</td><td class="n">${ratio(arm.roi)}</td>
        <td>${arm.lift ? `${percent(arm.lift.difference)} (${percent(arm.lift.low95)} … ${percent(arm.lift.high95)})` : '–'}</td>
      </tr>`).join('')}</tbody>
    </table>
    <p class="key">${t('unattributed')}: ${number(funnel.unattributed.conversions)} · ${money(funnel.unattributed.revenue)}</p>`;
  page.querySelector('#filter').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = new FormData(event.target).get('launch').trim();
    location.hash = `#/journeys/${encodeURIComponent(key)}${value ? `?launch=${encodeURIComponent(value)}` : ''}`;
  });
  await drawDiagram(page.querySelector('#diagram'), xml, funnel);
  drawCharts(page, funnel);
}

function card(label, value) {
  return `<div class="card" data-figure="${label}"><div class="label">${t(label)}</div><div class="value">${value}</div></div>`;
}

async function drawDiagram(container, xml, funnel) {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  viewer.get('canvas').zoom('fit-viewport');
  const overlays = viewer.get('overlays');
  const registry = viewer.get('elementRegistry');
  for (const activity of funnel.activities) {
    if (!registry.get(activity.activityId)) {
      continue;
    }
    const sent = Object.values(activity.messages).reduce((sum, c) => sum + c.sent, 0);
    const html = document.createElement('div');
    html.className = 'siyu-overlay' + (activity.incidents > 0 ? ' incident' : '');
    html.dataset.activity = activity.activityId;
    html.dataset.entered = activity.entered;
    html.dataset.waiting = activity.waiting;
    html.dataset.converted = activity.attributedConversions;
    html.title = `${t('entered')} ${activity.entered} · ${t('completed')} ${activity.completed} · ${t('waiting')} ${activity.waiting}`
      + (sent ? ` · ${t('sent')} ${sent}` : '') + ` · ${t('converted')} ${activity.attributedConversions}`;
    html.innerHTML = `<span class="in">${number(activity.entered)}</span>`
      + (activity.waiting ? `<span class="wait">⏳${number(activity.waiting)}</span>` : '')
      + (activity.attributedConversions ? `<span class="conv">✓${number(activity.attributedConversions)}</span>` : '')
      + (activity.incidents ? `<span class="err">!${number(activity.incidents)}</span>` : '');
    overlays.add(activity.activityId, 'siyu-figures', { position: { bottom: 8, left: -6 }, html });
  }
}

function drawCharts(page, funnel) {
  const steps = funnel.activities.filter((a) => SHOWN_TYPES.includes(a.type) && !a.type.toLowerCase().includes('gateway'));
  const bars = echarts.init(page.querySelector('#steps-chart'));
  bars.setOption({
    tooltip: { trigger: 'axis' },
    legend: { data: [t('entered'), t('waiting'), t('converted')] },
    grid: { left: 8, right: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: steps.map((s) => s.name ?? s.activityId) },
    series: [
      { name: t('entered'), type: 'bar', data: steps.map((s) => s.entered) },
      { name: t('waiting'), type: 'bar', data: steps.map((s) => s.waiting) },
      { name: t('converted'), type: 'bar', data: steps.map((s) => s.attributedConversions) }
    ]
  });
  const exits = echarts.init(page.querySelector('#exits-chart'));
  exits.setOption({
    tooltip: { trigger: 'item' },
    series: [{
      type: 'funnel', left: 8, right: 8, sort: 'descending',
      data: [
        { name: t('entered'), value: funnel.totals.entered },
        { name: t('converted'), value: funnel.totals.converted },
        { name: t('goal'), value: funnel.exits.goal },
        { name: t('withoutGoal'), value: funnel.exits.withoutGoal }
      ]
    }]
  });
}
