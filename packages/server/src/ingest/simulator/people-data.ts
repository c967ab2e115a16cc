/** Where customers live and what they are called; the weights follow online-retail density. */
export interface ProvinceSpec { name: string; weight: number; cities: string[]; region: string }

/** Macro regions; each regional warehouse serves one, 西北 has none. */
export const PROVINCES: ProvinceSpec[] = [
  { name: '广东', weight: 14, cities: ['广州', '深圳', '佛山', '东莞', '珠海'], region: '华南' },
  { name: '浙江', weight: 10, cities: ['杭州', '宁波', '温州', '嘉兴', '绍兴'], region: '华东' },
  { name: '江苏', weight: 10, cities: ['南京', '苏州', '无锡', '常州', '南通'], region: '华东' },
  { name: '上海', weight: 7, cities: ['上海'], region: '华东' },
  { name: '北京', weight: 6, cities: ['北京'], region: '华北' },
  { name: '山东', weight: 6, cities: ['济南', '青岛', '烟台'], region: '华东' },
  { name: '四川', weight: 5, cities: ['成都', '绵阳'], region: '西南' },
  { name: '福建', weight: 4, cities: ['福州', '厦门', '泉州'], region: '华东' },
  { name: '湖北', weight: 4, cities: ['武汉', '宜昌'], region: '华中' },
  { name: '河南', weight: 4, cities: ['郑州', '洛阳'], region: '华中' },
  { name: '湖南', weight: 3, cities: ['长沙', '株洲'], region: '华中' },
  { name: '安徽', weight: 3, cities: ['合肥', '芜湖'], region: '华东' },
  { name: '河北', weight: 3, cities: ['石家庄', '保定'], region: '华北' },
  { name: '重庆', weight: 2.5, cities: ['重庆'], region: '西南' },
  { name: '陕西', weight: 2.5, cities: ['西安'], region: '西北' },
  { name: '天津', weight: 2, cities: ['天津'], region: '华北' },
  { name: '辽宁', weight: 2, cities: ['沈阳', '大连'], region: '华北' },
  { name: '江西', weight: 1.5, cities: ['南昌'], region: '华东' },
  { name: '广西', weight: 1.5, cities: ['南宁', '桂林'], region: '华南' },
  { name: '云南', weight: 1.5, cities: ['昆明'], region: '西南' },
  { name: '贵州', weight: 1, cities: ['贵阳'], region: '西南' },
  { name: '山西', weight: 1, cities: ['太原'], region: '华北' },
  { name: '黑龙江', weight: 1, cities: ['哈尔滨'], region: '华北' },
  { name: '吉林', weight: 0.8, cities: ['长春'], region: '华北' },
  { name: '海南', weight: 0.6, cities: ['海口', '三亚'], region: '华南' },
  { name: '内蒙古', weight: 0.6, cities: ['呼和浩特'], region: '华北' },
  { name: '甘肃', weight: 0.5, cities: ['兰州'], region: '西北' },
  { name: '新疆', weight: 0.5, cities: ['乌鲁木齐'], region: '西北' },
  { name: '宁夏', weight: 0.2, cities: ['银川'], region: '西北' },
  { name: '青海', weight: 0.2, cities: ['西宁'], region: '西北' },
  { name: '西藏', weight: 0.1, cities: ['拉萨'], region: '西南' },
];

/** Provinces where the offline stores are, so their customers live nearby. */
export const OFFLINE_PROVINCES = ['上海', '浙江', '江苏'];

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤';
export const GIVEN_FEMALE = '婷静敏燕丽娟霞秀芳娜雪琳晶欣怡佳悦雨萱梦瑶颖彤蕾露洁慧倩妍琪';
export const GIVEN_MALE = '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波宇浩然俊博文轩晨阳翔凯';
export const GIVEN_NEUTRAL = '思晓子一嘉可心安宁乐天亦书语诗清若';

export const DISTRICTS = ['高新区', '经开区', '城南区', '城北区', '滨江区', '新城区', '老城区', '湖滨区'];
export const ROADS = ['人民路', '解放路', '中山路', '建设路', '和平路', '文化路', '新华路', '长江路', '滨河大道', '学府路', '幸福路', '光明街'];
export const MAIL_DOMAINS: [string, number][] = [['qq.com', 6], ['163.com', 3], ['126.com', 1], ['foxmail.com', 0.6], ['outlook.com', 0.5], ['gmail.com', 0.3]];
