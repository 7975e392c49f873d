// Sichuan province and its 21 prefecture-level divisions (GB/T 2260 codes).
// Centre points are the administrative centres from the DataV/Amap boundary data (GCJ-02):
// a few hundred metres off WGS-84, which is fine for distance estimates.
export const PROVINCE_CODE = "510000";

export type Division = { code: string; zh: string; en: string; lat: number; lon: number };

export const province: Division = {
  code: "510000",
  zh: "四川省",
  en: "Sichuan Province",
  lat: 30.659462,
  lon: 104.065735,
}; // centred on the capital

export const divisions: readonly Division[] = [
  { code: "510100", zh: "成都市", en: "Chengdu", lat: 30.659462, lon: 104.065735 },
  { code: "510300", zh: "自贡市", en: "Zigong", lat: 29.352765, lon: 104.773447 },
  { code: "510400", zh: "攀枝花市", en: "Panzhihua", lat: 26.580446, lon: 101.716007 },
  { code: "510500", zh: "泸州市", en: "Luzhou", lat: 28.889138, lon: 105.443348 },
  { code: "510600", zh: "德阳市", en: "Deyang", lat: 31.127991, lon: 104.398651 },
  { code: "510700", zh: "绵阳市", en: "Mianyang", lat: 31.46402, lon: 104.741722 },
  { code: "510800", zh: "广元市", en: "Guangyuan", lat: 32.433668, lon: 105.829757 },
  { code: "510900", zh: "遂宁市", en: "Suining", lat: 30.513311, lon: 105.571331 },
  { code: "511000", zh: "内江市", en: "Neijiang", lat: 29.58708, lon: 105.066138 },
  { code: "511100", zh: "乐山市", en: "Leshan", lat: 29.582024, lon: 103.761263 },
  { code: "511300", zh: "南充市", en: "Nanchong", lat: 30.795281, lon: 106.082974 },
  { code: "511400", zh: "眉山市", en: "Meishan", lat: 30.048318, lon: 103.831788 },
  { code: "511500", zh: "宜宾市", en: "Yibin", lat: 28.760189, lon: 104.630825 },
  { code: "511600", zh: "广安市", en: "Guang'an", lat: 30.456398, lon: 106.633369 },
  { code: "511700", zh: "达州市", en: "Dazhou", lat: 31.209484, lon: 107.502262 },
  { code: "511800", zh: "雅安市", en: "Ya'an", lat: 29.987722, lon: 103.001033 },
  { code: "511900", zh: "巴中市", en: "Bazhong", lat: 31.858809, lon: 106.753669 },
  { code: "512000", zh: "资阳市", en: "Ziyang", lat: 30.122211, lon: 104.641917 },
  {
    code: "513200",
    zh: "阿坝藏族羌族自治州",
    en: "Ngawa Prefecture",
    lat: 31.899792,
    lon: 102.221374,
  },
  {
    code: "513300",
    zh: "甘孜藏族自治州",
    en: "Garz\u00ea Prefecture",
    lat: 30.050663,
    lon: 101.963815,
  },
  {
    code: "513400",
    zh: "凉山彝族自治州",
    en: "Liangshan Prefecture",
    lat: 27.886762,
    lon: 102.258746,
  },
];
