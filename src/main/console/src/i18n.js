// Chinese first; the switch in the bar keeps the choice in this browser.
const WORDS = {
  journeys: ['旅程', 'Journeys'],
  launches: ['投放', 'Launches'],
  login: ['登录', 'Log in'],
  logout: ['退出', 'Log out'],
  user: ['用户名', 'User'],
  password: ['密码', 'Password'],
  badLogin: ['用户名或密码不对', 'Wrong user or password'],
  journey: ['旅程', 'Journey'],
  version: ['版本', 'Version'],
  entered: ['进入', 'Entered'],
  active: ['进行中', 'Active'],
  waiting: ['等待', 'Waiting'],
  completed: ['完成', 'Completed'],
  converted: ['转化', 'Converted'],
  conversionRate: ['转化率', 'Conversion'],
  revenue: ['收入', 'Revenue'],
  cost: ['成本', 'Cost'],
  roi: ['ROI', 'ROI'],
  sent: ['已发送', 'Sent'],
  suppressed: ['已拦截', 'Suppressed'],
  failed: ['失败', 'Failed'],
  channel: ['渠道', 'Channel'],
  arms: ['实验分组', 'Variants and holdout'],
  variant: ['分组', 'Variant'],
  holdout: ['对照组', 'Holdout'],
  lift: ['提升 (95% 区间)', 'Lift (95% interval)'],
  steps: ['各步骤', 'Steps'],
  exits: ['离开', 'Exits'],
  goal: ['达成目标', 'Goal reached'],
  withoutGoal: ['未达成', 'Without goal'],
  cancelled: ['已取消', 'Cancelled'],
  stuck: ['出错', 'On error'],
  launch: ['投放', 'Launch'],
  status: ['状态', 'Status'],
  progress: ['进度', 'Progress'],
  started: ['已开始', 'Started'],
  skipped: ['跳过', 'Skipped'],
  eta: ['预计完成', 'ETA'],
  pause: ['暂停', 'Pause'],
  resume: ['继续', 'Resume'],
  cancel: ['取消', 'Cancel'],
  all: ['全部', 'All'],
  filterLaunch: ['只看投放', 'Launch only'],
  apply: ['查看', 'Show'],
  noData: ['暂无数据', 'No data yet'],
  attribution: ['归因窗口', 'Attribution window'],
  unattributed: ['无触达的转化', 'Conversions without a message'],
  language: ['English', '中文']
};

let language = localStorage.getItem('siyu.language') ?? 'zh';

export function t(key) {
  const word = WORDS[key];
  return word ? word[language === 'zh' ? 0 : 1] : key;
}

export function toggleLanguage() {
  language = language === 'zh' ? 'en' : 'zh';
  localStorage.setItem('siyu.language', language);
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
}

export function locale() {
  return language === 'zh' ? 'zh-CN' : 'en-US';
}
