import { createContext, useContext } from 'react';

export type Lang = 'zh' | 'en';

const en: Record<string, string> = {
  帮扶: 'bangfu',
  地区: 'Places',
  帮扶单位: 'Helpers',
  全国覆盖: 'National coverage',
  东西部协作: 'East-west flows',
  央企排名: 'SASAC ranking',
  搜索: 'Search',
  '名称或代码': 'Name or code',
  '地区名称或区划代码（含旧代码）': 'Place name or division code (former codes too)',
  '单位名称': 'Organisation name',
  年份: 'Year',
  全部年份: 'All years',
  加载中: 'Loading…',
  出错: 'Error',
  未找到: 'Not found',
  无: 'None',
  贫困县: 'National poverty county',
  摘帽年份: 'Exit year',
  非贫困县: 'Not a national poverty county',
  上级: 'Up',
  下级: 'Down',
  帮扶方: 'Helper',
  受帮扶地: 'Helped place',
  自上级: 'via a place above',
  自下级: 'landing below',
  起: 'Since',
  止: 'Until',
  合计: 'Total',
  演示占比: 'Demo share',
  演示: 'demo',
  定点帮扶: 'Designated',
  东西部协作渠道: 'East-west',
  军队帮扶: 'Military',
  民主党派: 'Democratic parties',
  万企帮万村: 'Enterprises',
  渠道: 'Channel',
  记录数: 'Records',
  省份: 'Province',
  全部省份: 'All provinces',
  全部渠道: 'All channels',
  县: 'County',
  缺口: 'Gaps',
  覆盖: 'Covered',
  只看缺口: 'Gaps only',
  排名: 'Rank',
  集团: 'Group',
  成员单位: 'Members',
  已拨付: 'Disbursed (10k yuan)',
  已认捐: 'Pledged (10k yuan)',
  捐赠笔数: 'Contributions',
  覆盖县: 'Counties',
  覆盖村: 'Villages',
  兑现率: 'Fulfilment',
  东部: 'East',
  西部: 'West',
  结对数: 'Pairings',
  财政援助: 'Fiscal aid disbursed (10k yuan)',
  类型: 'Kind',
  所在地: 'Home',
  上级单位: 'Parent',
  '一个地区在各渠道的帮扶全貌': "A place's picture across every channel",
  '一个单位在各渠道的帮扶全貌': "An organisation's picture across every channel",
  '全国贫困县 × 渠道，缺口优先': 'Every poverty county × channel, gaps first',
  '东部省份 → 西部省份': 'Eastern → western provinces',
  '按已拨付金额排名的中央企业集团': 'Central SOE groups by money disbursed',
  覆盖方式说明:
    'Covered: designated counts a pairing with the county; east-west and parties help to the county, a place above it or a place inside it; military and enterprises help in the county or inside it. No map: no boundary data ships in an npm package that may be published in China, so a treemap of provinces shows where the gaps are.',
  个地区: 'places',
  条: 'records',
  语言: '中文',
  旧代码: 'Former codes',
  显示前: 'Showing the first',
};

/** Longer Chinese sentences, keyed by a short name. */
const zh: Record<string, string> = {
  覆盖方式说明:
    '覆盖：定点帮扶计入与本县结对的记录；东西部协作和民主党派计入帮扶本县、其上级地区或下辖地区的记录；军队和万企帮万村计入落在本县及其下辖地区的记录。不画地图：可在中国发布的 npm 包不含行政区划边界数据，故以省份矩形树图显示缺口所在。',
  语言: 'English',
};

export const LangContext = createContext<Lang>('zh');

/** The sentence in the page's language: Chinese is the key, English looked up. */
export function useT() {
  const lang = useContext(LangContext);
  return (key: string) => (lang === 'en' ? (en[key] ?? key) : (zh[key] ?? key));
}
