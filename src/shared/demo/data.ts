// Word lists for the demo workspace. Every entry is a [zh-CN, en-US] pair, so both locales
// draw the same random numbers and a seed gives the same company, person and deal in either
// language — only the text differs.

export type Pair = readonly [zh: string, en: string]

/** Common surnames, most frequent first (the generator weights them by rank). */
export const SURNAMES: readonly Pair[] = [
  ['王', 'Wang'],
  ['李', 'Li'],
  ['张', 'Zhang'],
  ['刘', 'Liu'],
  ['陈', 'Chen'],
  ['杨', 'Yang'],
  ['黄', 'Huang'],
  ['赵', 'Zhao'],
  ['吴', 'Wu'],
  ['周', 'Zhou'],
  ['徐', 'Xu'],
  ['孙', 'Sun'],
  ['马', 'Ma'],
  ['朱', 'Zhu'],
  ['胡', 'Hu'],
  ['郭', 'Guo'],
  ['何', 'He'],
  ['林', 'Lin'],
  ['罗', 'Luo'],
  ['高', 'Gao'],
  ['郑', 'Zheng'],
  ['梁', 'Liang'],
  ['谢', 'Xie'],
  ['宋', 'Song'],
  ['唐', 'Tang'],
  ['许', 'Xu'],
  ['韩', 'Han'],
  ['冯', 'Feng'],
  ['邓', 'Deng'],
  ['曹', 'Cao'],
  ['彭', 'Peng'],
  ['曾', 'Zeng'],
  ['肖', 'Xiao'],
  ['田', 'Tian'],
  ['董', 'Dong'],
  ['袁', 'Yuan'],
  ['潘', 'Pan'],
  ['于', 'Yu'],
  ['蒋', 'Jiang'],
  ['蔡', 'Cai'],
  ['余', 'Yu'],
  ['杜', 'Du'],
  ['叶', 'Ye'],
  ['程', 'Cheng'],
  ['魏', 'Wei'],
  ['苏', 'Su'],
  ['吕', 'Lyu'],
  ['丁', 'Ding'],
  ['任', 'Ren'],
  ['沈', 'Shen'],
  ['姚', 'Yao'],
  ['卢', 'Lu'],
  ['钟', 'Zhong'],
  ['姜', 'Jiang'],
  ['崔', 'Cui'],
  ['陆', 'Lu'],
  ['范', 'Fan'],
  ['汪', 'Wang'],
  ['金', 'Jin'],
  ['石', 'Shi'],
  ['戴', 'Dai'],
  ['贾', 'Jia'],
  ['方', 'Fang'],
  ['邹', 'Zou'],
  ['顾', 'Gu'],
  ['钱', 'Qian'],
  ['严', 'Yan'],
  ['倪', 'Ni'],
  ['秦', 'Qin'],
  ['孔', 'Kong']
]

export const GIVEN_NAMES: readonly Pair[] = [
  ['伟', 'Wei'],
  ['芳', 'Fang'],
  ['娜', 'Na'],
  ['敏', 'Min'],
  ['静', 'Jing'],
  ['丽', 'Li'],
  ['强', 'Qiang'],
  ['磊', 'Lei'],
  ['军', 'Jun'],
  ['洋', 'Yang'],
  ['勇', 'Yong'],
  ['艳', 'Yan'],
  ['杰', 'Jie'],
  ['娟', 'Juan'],
  ['涛', 'Tao'],
  ['明', 'Ming'],
  ['超', 'Chao'],
  ['秀兰', 'Xiulan'],
  ['霞', 'Xia'],
  ['平', 'Ping'],
  ['刚', 'Gang'],
  ['桂英', 'Guiying'],
  ['文', 'Wen'],
  ['华', 'Hua'],
  ['建华', 'Jianhua'],
  ['建国', 'Jianguo'],
  ['志强', 'Zhiqiang'],
  ['晓东', 'Xiaodong'],
  ['海燕', 'Haiyan'],
  ['婷', 'Ting'],
  ['雪', 'Xue'],
  ['鹏', 'Peng'],
  ['浩', 'Hao'],
  ['宇', 'Yu'],
  ['子涵', 'Zihan'],
  ['雨欣', 'Yuxin'],
  ['思远', 'Siyuan'],
  ['晨', 'Chen'],
  ['佳怡', 'Jiayi'],
  ['欣然', 'Xinran'],
  ['俊杰', 'Junjie'],
  ['博', 'Bo'],
  ['凯', 'Kai'],
  ['琳', 'Lin'],
  ['颖', 'Ying'],
  ['倩', 'Qian'],
  ['蕾', 'Lei'],
  ['斌', 'Bin'],
  ['辉', 'Hui'],
  ['亮', 'Liang'],
  ['毅', 'Yi'],
  ['峰', 'Feng'],
  ['玲', 'Ling'],
  ['红', 'Hong'],
  ['建军', 'Jianjun'],
  ['国强', 'Guoqiang'],
  ['海涛', 'Haitao'],
  ['立新', 'Lixin'],
  ['春梅', 'Chunmei'],
  ['晓燕', 'Xiaoyan'],
  ['志明', 'Zhiming'],
  ['文斌', 'Wenbin'],
  ['慧', 'Hui'],
  ['昊', 'Hao'],
  ['天宇', 'Tianyu'],
  ['一鸣', 'Yiming'],
  ['若曦', 'Ruoxi'],
  ['嘉豪', 'Jiahao'],
  ['梦琪', 'Mengqi'],
  ['振华', 'Zhenhua'],
  ['永刚', 'Yonggang'],
  ['丹', 'Dan'],
  ['飞', 'Fei'],
  ['楠', 'Nan']
]

export interface District {
  name: Pair
  lat: number
  lng: number
  /** Relative share of the city's business customers. */
  weight: number
  roads: readonly Pair[]
}

export interface City {
  key: string
  name: Pair
  /** Customer addresses are prefixed with it: 上海市 / Shanghai. */
  full: Pair
  districts: readonly District[]
}

const d = (name: Pair, lat: number, lng: number, weight: number, roads: readonly Pair[]): District => ({
  name,
  lat,
  lng,
  weight,
  roads
})

/** District centres are approximate but real, so outer districts sit 40–70 km apart. */
export const CITIES: Record<string, City> = {
  sh: {
    key: 'sh',
    name: ['上海', 'Shanghai'],
    full: ['上海市', 'Shanghai'],
    districts: [
      d(['黄浦区', 'Huangpu District'], 31.231, 121.484, 6, [
        ['南京东路', 'East Nanjing Road'],
        ['西藏中路', 'Middle Xizang Road']
      ]),
      d(['静安区', "Jing'an District"], 31.229, 121.448, 7, [
        ['南京西路', 'West Nanjing Road'],
        ['江宁路', 'Jiangning Road']
      ]),
      d(['徐汇区', 'Xuhui District'], 31.188, 121.437, 7, [
        ['漕溪北路', 'North Caoxi Road'],
        ['虹桥路', 'Hongqiao Road']
      ]),
      d(['长宁区', 'Changning District'], 31.22, 121.424, 5, [
        ['天山路', 'Tianshan Road'],
        ['仙霞路', 'Xianxia Road']
      ]),
      d(['普陀区', 'Putuo District'], 31.249, 121.396, 4, [
        ['真北路', 'Zhenbei Road'],
        ['中山北路', 'North Zhongshan Road']
      ]),
      d(['虹口区', 'Hongkou District'], 31.264, 121.505, 3, [
        ['四川北路', 'North Sichuan Road'],
        ['西江湾路', 'Xijiangwan Road']
      ]),
      d(['杨浦区', 'Yangpu District'], 31.26, 121.526, 4, [
        ['国定路', 'Guoding Road'],
        ['黄兴路', 'Huangxing Road']
      ]),
      d(['浦东新区', 'Pudong New Area'], 31.221, 121.544, 12, [
        ['张江路', 'Zhangjiang Road'],
        ['世纪大道', 'Century Avenue'],
        ['金桥路', 'Jinqiao Road']
      ]),
      d(['闵行区', 'Minhang District'], 31.113, 121.382, 6, [
        ['七莘路', 'Qixin Road'],
        ['沪闵路', 'Humin Road']
      ]),
      d(['宝山区', 'Baoshan District'], 31.405, 121.489, 3, [
        ['牡丹江路', 'Mudanjiang Road'],
        ['友谊路', 'Youyi Road']
      ]),
      d(['嘉定区', 'Jiading District'], 31.375, 121.265, 3, [
        ['博乐路', 'Bole Road'],
        ['塔城路', 'Tacheng Road']
      ]),
      d(['松江区', 'Songjiang District'], 31.032, 121.228, 4, [
        ['人民北路', 'North Renmin Road'],
        ['荣乐中路', 'Middle Rongle Road']
      ]),
      d(['青浦区', 'Qingpu District'], 31.151, 121.124, 2, [
        ['公园路', 'Gongyuan Road'],
        ['淀山湖大道', 'Dianshanhu Avenue']
      ]),
      d(['奉贤区', 'Fengxian District'], 30.918, 121.474, 2, [
        ['南桥路', 'Nanqiao Road'],
        ['解放东路', 'East Jiefang Road']
      ]),
      d(['金山区', 'Jinshan District'], 30.742, 121.342, 2, [
        ['卫零路', 'Weiling Road'],
        ['龙航路', 'Longhang Road']
      ])
    ]
  },
  hz: {
    key: 'hz',
    name: ['杭州', 'Hangzhou'],
    full: ['杭州市', 'Hangzhou'],
    districts: [
      d(['上城区', 'Shangcheng District'], 30.242, 120.169, 6, [
        ['解放路', 'Jiefang Road'],
        ['庆春路', 'Qingchun Road']
      ]),
      d(['拱墅区', 'Gongshu District'], 30.319, 120.142, 5, [
        ['莫干山路', 'Moganshan Road'],
        ['湖墅南路', 'South Hushu Road']
      ]),
      d(['西湖区', 'Xihu District'], 30.26, 120.13, 7, [
        ['文三路', 'Wensan Road'],
        ['天目山路', 'Tianmushan Road']
      ]),
      d(['滨江区', 'Binjiang District'], 30.208, 120.212, 8, [
        ['江南大道', 'Jiangnan Avenue'],
        ['网商路', 'Wangshang Road']
      ]),
      d(['萧山区', 'Xiaoshan District'], 30.185, 120.265, 5, [
        ['市心路', 'Shixin Road'],
        ['金城路', 'Jincheng Road']
      ]),
      d(['余杭区', 'Yuhang District'], 30.29, 120.01, 6, [
        ['文一西路', 'West Wenyi Road'],
        ['五常大道', 'Wuchang Avenue']
      ]),
      d(['临平区', 'Linping District'], 30.419, 120.3, 3, [
        ['迎宾路', 'Yingbin Road'],
        ['人民大道', 'Renmin Avenue']
      ]),
      d(['钱塘区', 'Qiantang District'], 30.3, 120.49, 3, [
        ['学林街', 'Xuelin Street'],
        ['文泽路', 'Wenze Road']
      ]),
      d(['富阳区', 'Fuyang District'], 30.049, 119.96, 2, [
        ['金桥北路', 'North Jinqiao Road'],
        ['江滨西大道', 'West Jiangbin Avenue']
      ]),
      d(['临安区', "Lin'an District"], 30.233, 119.724, 2, [
        ['钱王街', 'Qianwang Street'],
        ['衣锦街', 'Yijin Street']
      ])
    ]
  },
  nj: {
    key: 'nj',
    name: ['南京', 'Nanjing'],
    full: ['南京市', 'Nanjing'],
    districts: [
      d(['玄武区', 'Xuanwu District'], 32.048, 118.797, 6, [
        ['北京东路', 'East Beijing Road'],
        ['珠江路', 'Zhujiang Road']
      ]),
      d(['秦淮区', 'Qinhuai District'], 32.034, 118.794, 5, [
        ['中华路', 'Zhonghua Road'],
        ['太平南路', 'South Taiping Road']
      ]),
      d(['建邺区', 'Jianye District'], 32.003, 118.732, 6, [
        ['江东中路', 'Middle Jiangdong Road'],
        ['河西大街', 'Hexi Street']
      ]),
      d(['鼓楼区', 'Gulou District'], 32.066, 118.77, 6, [
        ['中山北路', 'North Zhongshan Road'],
        ['湖南路', 'Hunan Road']
      ]),
      d(['栖霞区', 'Qixia District'], 32.104, 118.909, 4, [
        ['仙林大道', 'Xianlin Avenue'],
        ['文苑路', 'Wenyuan Road']
      ]),
      d(['雨花台区', 'Yuhuatai District'], 31.992, 118.779, 5, [
        ['软件大道', 'Software Avenue'],
        ['安德门大街', 'Andemen Street']
      ]),
      d(['江宁区', 'Jiangning District'], 31.953, 118.84, 7, [
        ['双龙大道', 'Shuanglong Avenue'],
        ['天元中路', 'Middle Tianyuan Road']
      ]),
      d(['浦口区', 'Pukou District'], 32.059, 118.628, 3, [
        ['浦滨路', 'Pubin Road'],
        ['浦珠中路', 'Middle Puzhu Road']
      ]),
      d(['六合区', 'Luhe District'], 32.323, 118.841, 2, [
        ['雄州东路', 'East Xiongzhou Road'],
        ['延安路', "Yan'an Road"]
      ]),
      d(['溧水区', 'Lishui District'], 31.651, 119.028, 2, [
        ['珍珠南路', 'South Zhenzhu Road'],
        ['天生桥大道', 'Tianshengqiao Avenue']
      ]),
      d(['高淳区', 'Gaochun District'], 31.328, 118.876, 1, [
        ['宝塔路', 'Baota Road'],
        ['镇兴路', 'Zhenxing Road']
      ])
    ]
  },
  su: {
    key: 'su',
    name: ['苏州', 'Suzhou'],
    full: ['苏州市', 'Suzhou'],
    districts: [
      d(['姑苏区', 'Gusu District'], 31.311, 120.617, 5, [
        ['人民路', 'Renmin Road'],
        ['干将路', 'Ganjiang Road']
      ]),
      d(['苏州工业园区', 'Suzhou Industrial Park'], 31.317, 120.723, 8, [
        ['星湖街', 'Xinghu Street'],
        ['现代大道', 'Xiandai Avenue']
      ]),
      d(['虎丘区', 'Huqiu District'], 31.296, 120.566, 5, [
        ['长江路', 'Changjiang Road'],
        ['狮山路', 'Shishan Road']
      ]),
      d(['吴中区', 'Wuzhong District'], 31.262, 120.632, 4, [
        ['东吴北路', 'North Dongwu Road'],
        ['宝带西路', 'West Baodai Road']
      ]),
      d(['相城区', 'Xiangcheng District'], 31.369, 120.642, 3, [
        ['相城大道', 'Xiangcheng Avenue'],
        ['阳澄湖西路', 'West Yangchenghu Road']
      ]),
      d(['吴江区', 'Wujiang District'], 31.139, 120.645, 3, [
        ['中山南路', 'South Zhongshan Road'],
        ['仲英大道', 'Zhongying Avenue']
      ]),
      d(['昆山市', 'Kunshan'], 31.385, 120.981, 5, [
        ['前进路', 'Qianjin Road'],
        ['祖冲之路', 'Zuchongzhi Road']
      ]),
      d(['常熟市', 'Changshu'], 31.654, 120.752, 3, [
        ['海虞北路', 'North Haiyu Road'],
        ['黄河路', 'Huanghe Road']
      ]),
      d(['张家港市', 'Zhangjiagang'], 31.875, 120.556, 2, [
        ['人民中路', 'Middle Renmin Road'],
        ['暨阳路', 'Jiyang Road']
      ]),
      d(['太仓市', 'Taicang'], 31.457, 121.13, 2, [
        ['上海东路', 'East Shanghai Road'],
        ['县府街', 'Xianfu Street']
      ])
    ]
  },
  gz: {
    key: 'gz',
    name: ['广州', 'Guangzhou'],
    full: ['广州市', 'Guangzhou'],
    districts: [
      d(['越秀区', 'Yuexiu District'], 23.129, 113.267, 6, [
        ['环市东路', 'East Huanshi Road'],
        ['中山五路', 'Zhongshan 5th Road']
      ]),
      d(['天河区', 'Tianhe District'], 23.125, 113.361, 10, [
        ['天河路', 'Tianhe Road'],
        ['花城大道', 'Huacheng Avenue']
      ]),
      d(['海珠区', 'Haizhu District'], 23.084, 113.318, 6, [
        ['新港中路', 'Middle Xingang Road'],
        ['江南大道', 'Jiangnan Avenue']
      ]),
      d(['荔湾区', 'Liwan District'], 23.125, 113.244, 4, [
        ['中山八路', 'Zhongshan 8th Road'],
        ['芳村大道', 'Fangcun Avenue']
      ]),
      d(['白云区', 'Baiyun District'], 23.198, 113.273, 5, [
        ['白云大道', 'Baiyun Avenue'],
        ['机场路', 'Jichang Road']
      ]),
      d(['黄埔区', 'Huangpu District'], 23.106, 113.459, 5, [
        ['开创大道', 'Kaichuang Avenue'],
        ['科学大道', 'Kexue Avenue']
      ]),
      d(['番禺区', 'Panyu District'], 22.938, 113.384, 5, [
        ['迎宾路', 'Yingbin Road'],
        ['市桥路', 'Shiqiao Road']
      ]),
      d(['花都区', 'Huadu District'], 23.404, 113.22, 3, [
        ['迎宾大道', 'Yingbin Avenue'],
        ['新华路', 'Xinhua Road']
      ]),
      d(['南沙区', 'Nansha District'], 22.801, 113.525, 2, [
        ['进港大道', 'Jingang Avenue'],
        ['海滨路', 'Haibin Road']
      ]),
      d(['增城区', 'Zengcheng District'], 23.261, 113.811, 2, [
        ['增城大道', 'Zengcheng Avenue'],
        ['荔城大道', 'Licheng Avenue']
      ]),
      d(['从化区', 'Conghua District'], 23.548, 113.586, 1, [
        ['河滨北路', 'North Hebin Road'],
        ['新城中路', 'Middle Xincheng Road']
      ])
    ]
  },
  sz: {
    key: 'sz',
    name: ['深圳', 'Shenzhen'],
    full: ['深圳市', 'Shenzhen'],
    districts: [
      d(['福田区', 'Futian District'], 22.541, 114.055, 9, [
        ['深南大道', 'Shennan Avenue'],
        ['福华路', 'Fuhua Road']
      ]),
      d(['罗湖区', 'Luohu District'], 22.548, 114.131, 5, [
        ['人民南路', 'South Renmin Road'],
        ['东门路', 'Dongmen Road']
      ]),
      d(['南山区', 'Nanshan District'], 22.533, 113.93, 10, [
        ['科苑路', 'Keyuan Road'],
        ['南海大道', 'Nanhai Avenue']
      ]),
      d(['宝安区', "Bao'an District"], 22.555, 113.884, 6, [
        ['宝安大道', "Bao'an Avenue"],
        ['新湖路', 'Xinhu Road']
      ]),
      d(['龙岗区', 'Longgang District'], 22.72, 114.247, 6, [
        ['龙岗大道', 'Longgang Avenue'],
        ['龙翔大道', 'Longxiang Avenue']
      ]),
      d(['龙华区', 'Longhua District'], 22.656, 114.044, 5, [
        ['民治大道', 'Minzhi Avenue'],
        ['人民路', 'Renmin Road']
      ]),
      d(['光明区', 'Guangming District'], 22.749, 113.936, 2, [
        ['光明大道', 'Guangming Avenue'],
        ['华夏路', 'Huaxia Road']
      ]),
      d(['坪山区', 'Pingshan District'], 22.69, 114.346, 2, [
        ['坪山大道', 'Pingshan Avenue'],
        ['东纵路', 'Dongzong Road']
      ]),
      d(['盐田区', 'Yantian District'], 22.557, 114.237, 1, [
        ['深盐路', 'Shenyan Road'],
        ['沙头角路', 'Shatoujiao Road']
      ]),
      d(['大鹏新区', 'Dapeng New District'], 22.592, 114.479, 1, [
        ['金业大道', 'Jinye Avenue'],
        ['葵涌路', 'Kuichong Road']
      ])
    ]
  },
  dg: {
    key: 'dg',
    name: ['东莞', 'Dongguan'],
    full: ['东莞市', 'Dongguan'],
    districts: [
      d(['南城街道', 'Nancheng Subdistrict'], 23.012, 113.752, 6, [
        ['鸿福路', 'Hongfu Road'],
        ['莞太路', 'Guantai Road']
      ]),
      d(['东城街道', 'Dongcheng Subdistrict'], 23.031, 113.784, 5, [
        ['东城大道', 'Dongcheng Avenue'],
        ['东纵大道', 'Dongzong Avenue']
      ]),
      d(['莞城街道', 'Guancheng Subdistrict'], 23.043, 113.75, 3, [
        ['可园路', 'Keyuan Road'],
        ['光明路', 'Guangming Road']
      ]),
      d(['松山湖', 'Songshan Lake'], 22.92, 113.885, 5, [
        ['新竹路', 'Xinzhu Road'],
        ['工业西路', 'West Gongye Road']
      ]),
      d(['长安镇', "Chang'an Town"], 22.81, 113.804, 4, [
        ['长青南路', 'South Changqing Road'],
        ['莲峰路', 'Lianfeng Road']
      ]),
      d(['虎门镇', 'Humen Town'], 22.822, 113.672, 4, [
        ['连升路', 'Liansheng Road'],
        ['银龙路', 'Yinlong Road']
      ]),
      d(['厚街镇', 'Houjie Town'], 22.941, 113.673, 3, [
        ['莞太大道', 'Guantai Avenue'],
        ['康乐南路', 'South Kangle Road']
      ]),
      d(['塘厦镇', 'Tangxia Town'], 22.792, 114.078, 3, [
        ['塘龙东路', 'East Tanglong Road'],
        ['花园街', 'Huayuan Street']
      ]),
      d(['常平镇', 'Changping Town'], 22.975, 114.004, 2, [
        ['常平大道', 'Changping Avenue'],
        ['环城路', 'Huancheng Road']
      ])
    ]
  }
}

export type OrgType = 'company' | 'hospital' | 'exam' | 'school'

export interface Industry {
  key: string
  name: Pair
  weight: number
  orgType: OrgType
  /** Company-name endings; institutions use `institutions` with {district}/{brand} slots. */
  suffixes: readonly Pair[]
  institutions?: readonly Pair[]
  /** Short word for deal names: 瑞康医疗 · 智能CRM. */
  short: Pair
  /** E-mail domain tag. */
  domain: string
  /** Share of customers in each size (micro … enterprise). */
  sizes: readonly number[]
}

export const INDUSTRIES: readonly Industry[] = [
  {
    key: 'manufacturing',
    name: ['制造业', 'Manufacturing'],
    weight: 20,
    orgType: 'company',
    suffixes: [
      ['精密机械有限公司', 'Precision Machinery Co., Ltd.'],
      ['电子科技有限公司', 'Electronic Technology Co., Ltd.'],
      ['新材料股份有限公司', 'New Materials Co., Ltd.'],
      ['汽车零部件有限公司', 'Auto Parts Co., Ltd.'],
      ['智能装备有限公司', 'Intelligent Equipment Co., Ltd.'],
      ['包装制品有限公司', 'Packaging Products Co., Ltd.']
    ],
    short: ['制造', 'Manufacturing'],
    domain: 'mfg',
    sizes: [5, 25, 40, 22, 8]
  },
  {
    key: 'hospital',
    name: ['医院', 'Hospitals'],
    weight: 6,
    orgType: 'hospital',
    suffixes: [],
    institutions: [
      ['{district}人民医院', "{district} People's Hospital"],
      ['{district}中医医院', '{district} Hospital of Traditional Chinese Medicine'],
      ['{brand}妇产医院', '{brand} Maternity Hospital'],
      ['{brand}口腔医院', '{brand} Dental Hospital'],
      ['{brand}眼科医院', '{brand} Eye Hospital'],
      ['{district}妇幼保健院', '{district} Maternal and Child Health Hospital']
    ],
    short: ['医院', 'Hospital'],
    domain: 'hosp',
    sizes: [0, 5, 35, 40, 20]
  },
  {
    key: 'exam',
    name: ['体检中心', 'Health Check-up Centres'],
    weight: 5,
    orgType: 'exam',
    suffixes: [
      ['健康体检中心有限公司', 'Health Check-up Centre Co., Ltd.'],
      ['健康管理有限公司', 'Health Management Co., Ltd.']
    ],
    short: ['体检', 'Health Check'],
    domain: 'health',
    sizes: [5, 40, 40, 12, 3]
  },
  {
    key: 'meddevice',
    name: ['医疗器械', 'Medical Devices'],
    weight: 7,
    orgType: 'company',
    suffixes: [
      ['医疗器械有限公司', 'Medical Devices Co., Ltd.'],
      ['生物科技有限公司', 'Biotechnology Co., Ltd.'],
      ['医药科技有限公司', 'Pharmaceutical Technology Co., Ltd.']
    ],
    short: ['医疗', 'Medical'],
    domain: 'med',
    sizes: [5, 30, 40, 18, 7]
  },
  {
    key: 'education',
    name: ['教育', 'Education'],
    weight: 7,
    orgType: 'school',
    suffixes: [
      ['教育科技有限公司', 'Education Technology Co., Ltd.'],
      ['培训学校有限公司', 'Training School Co., Ltd.']
    ],
    institutions: [
      ['{district}实验学校', '{district} Experimental School'],
      ['{brand}外国语学校', '{brand} Foreign Language School'],
      ['{brand}职业技术学院', '{brand} Vocational and Technical College']
    ],
    short: ['教育', 'Education'],
    domain: 'edu',
    sizes: [10, 35, 35, 15, 5]
  },
  {
    key: 'retail',
    name: ['零售', 'Retail'],
    weight: 11,
    orgType: 'company',
    suffixes: [
      ['商贸有限公司', 'Trading Co., Ltd.'],
      ['连锁超市有限公司', 'Supermarket Chain Co., Ltd.'],
      ['百货有限公司', 'Department Store Co., Ltd.'],
      ['电子商务有限公司', 'E-commerce Co., Ltd.']
    ],
    short: ['商贸', 'Retail'],
    domain: 'retail',
    sizes: [15, 40, 30, 11, 4]
  },
  {
    key: 'logistics',
    name: ['物流', 'Logistics'],
    weight: 10,
    orgType: 'company',
    suffixes: [
      ['物流有限公司', 'Logistics Co., Ltd.'],
      ['供应链管理有限公司', 'Supply Chain Management Co., Ltd.'],
      ['国际货运代理有限公司', 'International Freight Forwarding Co., Ltd.']
    ],
    short: ['物流', 'Logistics'],
    domain: 'logistics',
    sizes: [10, 35, 35, 15, 5]
  },
  {
    key: 'software',
    name: ['软件', 'Software'],
    weight: 11,
    orgType: 'company',
    suffixes: [
      ['软件科技有限公司', 'Software Technology Co., Ltd.'],
      ['信息技术有限公司', 'Information Technology Co., Ltd.'],
      ['网络科技有限公司', 'Network Technology Co., Ltd.']
    ],
    short: ['科技', 'Tech'],
    domain: 'tech',
    sizes: [15, 40, 30, 11, 4]
  },
  {
    key: 'finance',
    name: ['金融', 'Finance'],
    weight: 6,
    orgType: 'company',
    suffixes: [
      ['融资租赁有限公司', 'Financial Leasing Co., Ltd.'],
      ['投资管理有限公司', 'Investment Management Co., Ltd.'],
      ['保险代理有限公司', 'Insurance Agency Co., Ltd.']
    ],
    short: ['金融', 'Finance'],
    domain: 'fin',
    sizes: [5, 25, 40, 20, 10]
  },
  {
    key: 'construction',
    name: ['建筑', 'Construction'],
    weight: 9,
    orgType: 'company',
    suffixes: [
      ['建设工程有限公司', 'Construction Engineering Co., Ltd.'],
      ['建筑设计院有限公司', 'Architectural Design Institute Co., Ltd.'],
      ['装饰工程有限公司', 'Decoration Engineering Co., Ltd.']
    ],
    short: ['建设', 'Construction'],
    domain: 'build',
    sizes: [5, 30, 40, 18, 7]
  },
  {
    key: 'food',
    name: ['食品', 'Food & Beverage'],
    weight: 6,
    orgType: 'company',
    suffixes: [
      ['食品有限公司', 'Foods Co., Ltd.'],
      ['餐饮管理有限公司', 'Catering Management Co., Ltd.']
    ],
    short: ['食品', 'Foods'],
    domain: 'food',
    sizes: [15, 40, 30, 11, 4]
  }
]

/** Brand words for company names (字号). Invented, but in the style Chinese firms pick. */
export const BRANDS: readonly Pair[] = [
  ['瑞康', 'Ruikang'],
  ['云帆', 'Yunfan'],
  ['恒通', 'Hengtong'],
  ['华信', 'Huaxin'],
  ['博远', 'Boyuan'],
  ['金桥', 'Jinqiao'],
  ['天成', 'Tiancheng'],
  ['鼎盛', 'Dingsheng'],
  ['宏达', 'Hongda'],
  ['新锐', 'Xinrui'],
  ['诚泰', 'Chengtai'],
  ['安捷', 'Anjie'],
  ['德隆', 'Delong'],
  ['海纳', 'Haina'],
  ['长风', 'Changfeng'],
  ['卓越', 'Zhuoyue'],
  ['明泰', 'Mingtai'],
  ['众合', 'Zhonghe'],
  ['永信', 'Yongxin'],
  ['嘉禾', 'Jiahe'],
  ['润泽', 'Runze'],
  ['星辰', 'Xingchen'],
  ['锦程', 'Jincheng'],
  ['华康', 'Huakang'],
  ['立信', 'Lixin'],
  ['万通', 'Wantong'],
  ['同创', 'Tongchuang'],
  ['启明', 'Qiming'],
  ['凯达', 'Kaida'],
  ['正阳', 'Zhengyang'],
  ['东升', 'Dongsheng'],
  ['联创', 'Lianchuang'],
  ['智远', 'Zhiyuan'],
  ['宝丰', 'Baofeng'],
  ['盛世', 'Shengshi'],
  ['汇通', 'Huitong'],
  ['远航', 'Yuanhang'],
  ['中盛', 'Zhongsheng'],
  ['华瑞', 'Huarui'],
  ['弘业', 'Hongye'],
  ['信达', 'Xinda'],
  ['君和', 'Junhe'],
  ['泰和', 'Taihe'],
  ['优联', 'Youlian'],
  ['睿思', 'Ruisi'],
  ['蓝海', 'Lanhai'],
  ['青禾', 'Qinghe'],
  ['朗新', 'Langxin'],
  ['百川', 'Baichuan'],
  ['东方', 'Dongfang'],
  ['亚太', 'Yatai'],
  ['协力', 'Xieli'],
  ['普惠', 'Puhui'],
  ['和信', 'Hexin'],
  ['天宏', 'Tianhong'],
  ['利民', 'Limin'],
  ['福瑞', 'Furui'],
  ['金鼎', 'Jinding'],
  ['银河', 'Yinhe'],
  ['新纪元', 'Xinjiyuan'],
  ['康泰', 'Kangtai'],
  ['仁和', 'Renhe'],
  ['安泰', 'Antai'],
  ['华宇', 'Huayu'],
  ['中天', 'Zhongtian'],
  ['伟业', 'Weiye'],
  ['创新', 'Chuangxin'],
  ['聚力', 'Juli'],
  ['瀚海', 'Hanhai'],
  ['峰汇', 'Fenghui'],
  ['易达', 'Yida'],
  ['恒信', 'Hengxin'],
  ['国泰', 'Guotai'],
  ['美联', 'Meilian'],
  ['思源', 'Siyuan'],
  ['致和', 'Zhihe'],
  ['鸿运', 'Hongyun'],
  ['昌隆', 'Changlong'],
  ['永丰', 'Yongfeng'],
  ['晟达', 'Shengda'],
  ['景行', 'Jingxing'],
  ['德信', 'Dexin'],
  ['合力', 'Heli'],
  ['瑞丰', 'Ruifeng'],
  ['宏图', 'Hongtu'],
  ['英华', 'Yinghua'],
  ['华泰', 'Huatai'],
  ['浩宇', 'Haoyu'],
  ['鑫源', 'Xinyuan'],
  ['晨曦', 'Chenxi'],
  ['禾丰', 'Hefeng'],
  ['中联', 'Zhonglian'],
  ['海川', 'Haichuan'],
  ['天润', 'Tianrun'],
  ['嘉信', 'Jiaxin'],
  ['云图', 'Yuntu'],
  ['精诚', 'Jingcheng'],
  ['博雅', 'Boya'],
  ['三和', 'Sanhe'],
  ['友邦', 'Youbang']
]

export interface Channel {
  name: Pair
  weight: number
  /** Relative win rate of leads from the channel; referrals close best, telesales worst. */
  quality: number
}

export const CHANNELS: readonly Channel[] = [
  { name: ['展会', 'Trade show'], weight: 18, quality: 1.0 },
  { name: ['转介绍', 'Referral'], weight: 14, quality: 1.35 },
  { name: ['官网', 'Website'], weight: 16, quality: 0.95 },
  { name: ['电销', 'Telesales'], weight: 22, quality: 0.75 },
  { name: ['地推', 'Field'], weight: 20, quality: 0.9 },
  { name: ['合作伙伴', 'Partner'], weight: 10, quality: 1.2 }
]

export interface Product {
  name: Pair
  /** Median deal size in yuan for a medium-sized customer. */
  median: number
  keyAccount: boolean
}

/** The catalogue: a business-software vendor selling licences and services. */
export const PRODUCTS: readonly Product[] = [
  { name: ['智能CRM', 'Smart CRM'], median: 68_000, keyAccount: false },
  { name: ['云ERP标准版', 'Cloud ERP Standard'], median: 98_000, keyAccount: false },
  { name: ['协同办公套件', 'Collaboration Suite'], median: 42_000, keyAccount: false },
  { name: ['年度运维服务', 'Annual Support Plan'], median: 36_000, keyAccount: false },
  { name: ['云ERP旗舰版', 'Cloud ERP Enterprise'], median: 320_000, keyAccount: true },
  { name: ['数据分析平台', 'Analytics Platform'], median: 260_000, keyAccount: true },
  { name: ['定制开发与实施', 'Custom Development & Implementation'], median: 380_000, keyAccount: true }
]

export const COMPETITORS: readonly Pair[] = [
  ['用友', 'Yonyou'],
  ['金蝶', 'Kingdee'],
  ['销售易', 'Xiaoshouyi'],
  ['纷享销客', 'Fxiaoke'],
  ['钉钉', 'DingTalk'],
  ['浪潮', 'Inspur'],
  ['SAP', 'SAP'],
  ['本地小厂商', 'a local vendor']
]

export interface Title {
  name: Pair
  seniority: number
  role: 'economic' | 'user' | 'technical' | 'coach'
  /** zh-CN honorific after the surname (王总, 李主任); empty: use the full name. */
  honorific: string
}

const t = (zh: string, en: string, seniority: number, role: Title['role'], honorific: string): Title => ({
  name: [zh, en],
  seniority,
  role,
  honorific
})

/** Contact titles by kind of organisation, most senior first. */
export const TITLES: Record<OrgType, readonly Title[]> = {
  company: [
    t('总经理', 'General Manager', 5, 'economic', '总'),
    t('董事长', 'Chairman', 5, 'economic', '董'),
    t('副总经理', 'Deputy General Manager', 4, 'economic', '总'),
    t('副总裁', 'Vice President', 4, 'user', '总'),
    t('采购总监', 'Purchasing Director', 3, 'economic', '总监'),
    t('财务总监', 'Finance Director', 3, 'economic', '总监'),
    t('运营总监', 'Operations Director', 3, 'user', '总监'),
    t('信息化总监', 'IT Director', 3, 'technical', '总监'),
    t('IT经理', 'IT Manager', 2, 'technical', '经理'),
    t('行政经理', 'Office Manager', 2, 'user', '经理'),
    t('采购经理', 'Purchasing Manager', 2, 'user', '经理'),
    t('销售经理', 'Sales Manager', 2, 'user', '经理'),
    t('采购专员', 'Purchasing Specialist', 1, 'user', ''),
    t('行政专员', 'Office Specialist', 1, 'coach', ''),
    t('IT工程师', 'IT Engineer', 1, 'technical', '工')
  ],
  hospital: [
    t('院长', 'Hospital President', 5, 'economic', '院长'),
    t('副院长', 'Vice President', 4, 'economic', '院长'),
    t('信息科主任', 'Head of IT', 3, 'technical', '主任'),
    t('设备科主任', 'Head of Equipment', 3, 'user', '主任'),
    t('财务科科长', 'Finance Section Chief', 2, 'economic', '科长'),
    t('信息科副主任', 'Deputy Head of IT', 2, 'technical', '主任'),
    t('信息科工程师', 'IT Engineer', 1, 'technical', '工'),
    t('采购干事', 'Purchasing Officer', 1, 'coach', '')
  ],
  exam: [
    t('总经理', 'General Manager', 5, 'economic', '总'),
    t('运营副总', 'VP Operations', 4, 'economic', '总'),
    t('体检中心主任', 'Centre Director', 3, 'user', '主任'),
    t('客服经理', 'Customer Service Manager', 2, 'user', '经理'),
    t('IT主管', 'IT Supervisor', 2, 'technical', '主管'),
    t('运营专员', 'Operations Specialist', 1, 'coach', '')
  ],
  school: [
    t('校长', 'Principal', 5, 'economic', '校长'),
    t('副校长', 'Vice Principal', 4, 'economic', '校长'),
    t('信息中心主任', 'Head of IT Centre', 3, 'technical', '主任'),
    t('总务处主任', 'Head of General Affairs', 3, 'economic', '主任'),
    t('教务处副主任', 'Deputy Head of Academic Affairs', 2, 'user', '主任'),
    t('信息中心老师', 'IT Teacher', 1, 'technical', '老师')
  ]
}

export const ROLE_TITLES = {
  rep: ['销售代表', 'Sales Rep'],
  seniorRep: ['高级销售代表', 'Senior Sales Rep'],
  manager: ['销售经理', 'Sales Manager'],
  director: ['大区总监', 'Regional Director'],
  coach: ['销售教练', 'Sales Coach']
} as const satisfies Record<string, Pair>

export interface RegionDef {
  name: Pair
  teams: readonly { city: string; name: Pair; industries?: readonly string[] }[]
}

/** Demo: one region, three teams. Bench: two regions × five teams. */
export const DEMO_REGIONS: readonly RegionDef[] = [
  {
    name: ['华东大区', 'East China Region'],
    teams: [
      { city: 'sh', name: ['上海团队', 'Shanghai Team'] },
      { city: 'hz', name: ['杭州团队', 'Hangzhou Team'] },
      { city: 'nj', name: ['南京团队', 'Nanjing Team'] }
    ]
  }
]

const SH_A = ['manufacturing', 'logistics', 'construction', 'food', 'retail']
const SH_B = ['hospital', 'exam', 'meddevice', 'education', 'software', 'finance']

export const BENCH_REGIONS: readonly RegionDef[] = [
  {
    name: ['华东大区', 'East China Region'],
    teams: [
      { city: 'sh', name: ['上海一组', 'Shanghai Team 1'], industries: SH_A },
      { city: 'sh', name: ['上海二组', 'Shanghai Team 2'], industries: SH_B },
      { city: 'hz', name: ['杭州团队', 'Hangzhou Team'] },
      { city: 'nj', name: ['南京团队', 'Nanjing Team'] },
      { city: 'su', name: ['苏州团队', 'Suzhou Team'] }
    ]
  },
  {
    name: ['华南大区', 'South China Region'],
    teams: [
      { city: 'gz', name: ['广州一组', 'Guangzhou Team 1'], industries: SH_A },
      { city: 'gz', name: ['广州二组', 'Guangzhou Team 2'], industries: SH_B },
      { city: 'sz', name: ['深圳一组', 'Shenzhen Team 1'], industries: SH_A },
      { city: 'sz', name: ['深圳二组', 'Shenzhen Team 2'], industries: SH_B },
      { city: 'dg', name: ['东莞团队', 'Dongguan Team'] }
    ]
  }
]
