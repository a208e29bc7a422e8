import type { RedFlag } from './schema.ts';

/**
 * First-response guidance as versioned data (issue #4 §1). An episode records the version it was
 * given (`OpenCrisisEpisodeArgs.guidanceVersion`), so a change of text or order is a new version.
 * Texts are short, plain and meant to be read aloud by a peer worker; an organisation's admin may
 * replace the text of any step per language (`GuidanceOverride` in ./steps.ts) but not add, remove
 * or reorder steps, so what is ticked stays comparable across organisations.
 *
 * Version scheme: YYYY.MM-n (the month the texts were reviewed, then a counter).
 */
export const GUIDANCE_VERSION = '2026.11-1';

export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

export interface GuidanceSource {
  readonly id: SourceId;
  /** Full citation, as the publisher asks it to be cited. */
  readonly citation: string;
  readonly url: string;
  /** What this guidance takes from it, and what could not be verified. */
  readonly usedFor: string;
}

export interface GuidanceStep extends Bilingual {
  /** `<presentation>.<slug>`: stable, recorded with the time the step was ticked. */
  readonly id: string;
  /** Shown only when one of these red flags was found (e.g. the recovery position for someone unconscious). */
  readonly onlyIf?: readonly RedFlag[];
}

export interface GuidancePresentation {
  readonly title: Bilingual;
  readonly sources: readonly SourceId[];
  readonly steps: readonly GuidanceStep[];
}

/**
 * The presentations, in the order their steps are shown. Life first (call 115, first aid,
 * cooling), then the safety of everyone present, then what to do for each finding, then what
 * comes next for the level (referral today, after-care, routine care).
 */
export const PRESENTATIONS = [
  'call_115',
  'medical_emergency',
  'overheating',
  'stay_safe',
  'aggression',
  'suicidal',
  'psychosis',
  'panic',
  'exhaustion',
  'refer_today',
  'after_care',
  'routine_care',
] as const;
export type PresentationId = (typeof PRESENTATIONS)[number];

export const SOURCE_IDS = ['mhgap_ig_2', 'unodc_stimulants_2019', 'who_unodc_standards_2020', 'who_wpro_closed_settings_2009', 'byt_786_2019', 'byt_2058_2020', 'cssrs', 'ifrc_first_aid_2020', 'overamping'] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

const SOURCES: readonly GuidanceSource[] = [
  {
    id: 'mhgap_ig_2',
    citation:
      'World Health Organization. mhGAP Intervention Guide for mental, neurological and substance use disorders in non-specialized health settings: Mental Health Gap Action Programme (mhGAP), version 2.0. Geneva: WHO; 2016. ISBN 978 92 4 154979 0.',
    url: 'https://www.who.int/publications/i/item/9789241549790',
    usedFor:
      'Master chart and emergency presentations (acute stimulant intoxication; imminent risk of self-harm; agitated or aggressive behaviour); Essential care and practice (communication); PSY (calm, non-confrontational approach, no restraint as a first response); SUB (stimulant intoxication: calm, safe place, hospital for chest pain, arrhythmia, seizures, hyperthermia or reduced consciousness); SUI (ask directly, remove means, do not leave alone, urgent referral, regular follow-up). Paraphrased from the guide; page-by-page wording was not re-checked for this version.',
  },
  {
    id: 'unodc_stimulants_2019',
    citation:
      'United Nations Office on Drugs and Crime. HIV Prevention, Treatment, Care and Support for People Who Use Stimulant Drugs: Technical Guide. Vienna: UNODC; 2019 (with WHO and UNAIDS).',
    url: 'https://www.unodc.org/unodc/en/hiv-aids/hiv-among-people-who-use-stimulant-drugs.html',
    usedFor: 'Stimulant overdose and psychological distress among people who use stimulants; peer and community first response; non-judgemental, rights-based approach.',
  },
  {
    id: 'who_unodc_standards_2020',
    citation:
      'International standards for the treatment of drug use disorders: revised edition incorporating results of field-testing. Geneva: World Health Organization and United Nations Office on Drugs and Crime; 2020. ISBN 978-92-4-000219-7. Licence: CC BY-NC-SA 3.0 IGO.',
    url: 'https://www.who.int/publications/i/item/international-standards-for-the-treatment-of-drug-use-disorders',
    usedFor: 'Outreach and community-based first response, linking to services the same day, consent and confidentiality.',
  },
  {
    id: 'who_wpro_closed_settings_2009',
    citation:
      'World Health Organization, Regional Office for the Western Pacific. Clinical guidelines for withdrawal management and treatment of drug dependence in closed settings. Manila: WHO WPRO; 2009. ISBN 978 92 9061 430 2.',
    url: 'https://www.ncbi.nlm.nih.gov/books/NBK310654/',
    usedFor: 'Quiet, calm, low-stimulation environment; rest and sleep, fluids and food after heavy stimulant use; low mood and suicidal thoughts after stopping.',
  },
  {
    id: 'byt_786_2019',
    citation:
      'Bộ Y tế. Quyết định số 786/QĐ-BYT ngày 01/03/2019 ban hành "Hướng dẫn can thiệp lạm dụng ma túy tổng hợp dạng Amphetamine". Hà Nội; 2019.',
    url: 'https://hoatieu.vn/quyet-dinh-786-qd-byt-2019-167943',
    usedFor:
      'National guidance on amphetamine-type stimulants: screening and first assessment, psychosocial interventions, treatment of mental disorders among people who use ATS, social support in the community. Verified: number, date, title and table of contents; the chapter texts were not read in full for this version.',
  },
  {
    id: 'byt_2058_2020',
    citation:
      'Bộ Y tế. Quyết định số 2058/QĐ-BYT ngày 14/05/2020 ban hành tài liệu chuyên môn "Hướng dẫn chẩn đoán và điều trị một số rối loạn tâm thần thường gặp". Hà Nội; 2020.',
    url: 'https://hoatieu.vn/quyet-dinh-2058-qd-byt-huong-dan-chan-doan-va-dieu-tri-mot-so-roi-loan-tam-than-199752',
    usedFor:
      'National guidance on diagnosis and treatment of common mental disorders (35 chapters; chapters 8–12 on substance-related disorders) used by the facilities we refer to. We could not verify a chapter specific to amphetamine-type psychosis in it; clinicians should check the current MoH text.',
  },
  {
    id: 'cssrs',
    citation:
      'Posner K, Brown GK, Stanley B, et al. The Columbia–Suicide Severity Rating Scale: initial validity and internal consistency findings. Am J Psychiatry. 2011;168(12):1266–77. Screener version and triage guidance: The Columbia Lighthouse Project.',
    url: 'https://cssrs.columbia.edu/',
    usedFor: 'Risk bands of the screener (none, low, moderate, high) that set the level of suicidal thoughts.',
  },
  {
    id: 'ifrc_first_aid_2020',
    citation: 'International Federation of Red Cross and Red Crescent Societies. International first aid, resuscitation, and education guidelines 2020. Geneva: IFRC; 2020.',
    url: 'https://www.globalfirstaidcentre.org/',
    usedFor: 'Recovery position for an unresponsive person who breathes normally; seizures (protect, do not restrain, nothing in the mouth); chest pain (rest); breathing difficulty (sit upright); hyperthermia (cool); alerting emergency services.',
  },
  {
    id: 'overamping',
    citation:
      'National Harm Reduction Coalition. Stimulant overamping basics: responding to stimulant overamping. New York: NHRC (training guide, online). Penington Institute. Overdose fact sheet: stimulants. Melbourne: International Overdose Awareness Day.',
    url: 'https://harmreduction.org/issues/overdose-prevention/overview/stimulant-overamping-basics/responding-to-stimulant-overamping/',
    usedFor: 'Peer response to overamping: when to call an ambulance (overheating, seizure, chest pain, losing consciousness), cooling, sips of water, quiet place, reassurance, not restraining.',
  },
];

/** The red-flag check, read aloud in this order (RED_FLAGS). Short questions a peer worker can ask or check. */
const CHECK_QUESTIONS: Readonly<Record<RedFlag, Bilingual>> = {
  chest_pain: { vi: 'Có đau ngực hoặc tức ngực không?', en: 'Any chest pain or tightness?' },
  breathing_trouble: { vi: 'Có khó thở, thở gấp hoặc thở rít không?', en: 'Any trouble breathing, very fast or noisy breathing?' },
  seizure: { vi: 'Có đang co giật, hoặc vừa bị co giật không?', en: 'Having a fit or seizure, now or just before?' },
  overheating: { vi: 'Sờ người thấy rất nóng, hoặc nóng lên rất nhanh không?', en: 'Is the body very hot, or getting hotter fast?' },
  unconscious: { vi: 'Có bất tỉnh, hoặc gọi to, lay vai vẫn không tỉnh không?', en: 'Unconscious, or does not wake when you call loudly and shake their shoulder?' },
  confused_with_fever: {
    vi: 'Có sốt kèm lú lẫn (không biết mình ở đâu, nói lộn xộn) không?',
    en: 'Fever with confusion (does not know where they are, muddled speech)?',
  },
  psychosis: {
    vi: 'Có nghe, thấy những điều người khác không thấy, hoặc rất sợ có người muốn hại mình không?',
    en: 'Hearing or seeing things others do not, or very afraid that someone wants to harm them?',
  },
  aggression: {
    vi: 'Có hung hăng, đập phá, hoặc đang làm điều nguy hiểm cho mình hay người khác không?',
    en: 'Aggressive, breaking things, or doing something dangerous to themselves or others?',
  },
  suicidal_thoughts: { vi: 'Có nói hoặc nghĩ đến chuyện tự tử, tự làm hại mình không?', en: 'Talking or thinking about suicide or hurting themselves?' },
  panic: {
    vi: 'Có cơn hoảng loạn: tim đập nhanh, run, sợ mình sắp chết hoặc mất kiểm soát không?',
    en: 'A panic attack: racing heart, shaking, fear of dying or losing control?',
  },
  exhaustion: { vi: 'Có mất ngủ nhiều ngày liền, hoặc kiệt sức không?', en: 'No sleep for several days, or exhausted?' },
};

const P: Readonly<Record<PresentationId, GuidancePresentation>> = {
  call_115: {
    title: { vi: 'Gọi cấp cứu 115', en: 'Call 115 for an ambulance' },
    sources: ['mhgap_ig_2', 'ifrc_first_aid_2020', 'overamping'],
    steps: [
      {
        id: 'call_115.now',
        vi: 'Gọi 115 ngay. Nếu có người khác ở đó, nhờ họ gọi để bạn ở lại với người bệnh.',
        en: 'Call 115 now. If someone else is there, ask them to call so you can stay with the person.',
      },
      {
        id: 'call_115.what_to_say',
        vi: 'Nói rõ: địa chỉ chính xác (số nhà, ngõ, mốc dễ tìm), tuổi, đã dùng chất gì và lúc nào, các dấu hiệu đang thấy.',
        en: 'Say clearly: the exact address (house number, alley, a landmark), their age, what they used and when, and the signs you see.',
      },
      {
        id: 'call_115.stay_on_line',
        vi: 'Giữ máy, trả lời câu hỏi và làm theo hướng dẫn của nhân viên 115.',
        en: 'Stay on the line, answer the questions and follow what the 115 operator tells you.',
      },
      {
        id: 'call_115.meet_ambulance',
        vi: 'Nhờ một người ra đầu ngõ đón xe cấp cứu.',
        en: 'Ask someone to wait at the end of the alley to guide the ambulance in.',
      },
      {
        id: 'call_115.tell_medics',
        vi: 'Khi xe đến, nói với nhân viên y tế người đó đã dùng gì và bạn đã làm gì; thông tin này giúp họ chữa đúng.',
        en: 'When the ambulance arrives, tell the medics what was used and what you did; it helps them treat the person safely.',
      },
    ],
  },
  medical_emergency: {
    title: { vi: 'Sơ cứu trong khi chờ xe cấp cứu', en: 'First aid while waiting for the ambulance' },
    sources: ['mhgap_ig_2', 'ifrc_first_aid_2020', 'overamping'],
    steps: [
      {
        id: 'medical_emergency.recovery_position',
        onlyIf: ['unconscious', 'seizure'],
        vi: 'Nếu người đó bất tỉnh nhưng vẫn thở: đặt nằm nghiêng an toàn (tư thế hồi phục), đầu hơi ngửa, và theo dõi hơi thở.',
        en: 'If they are unconscious but breathing: put them on their side in the recovery position, head tilted back, and watch their breathing.',
      },
      {
        id: 'medical_emergency.not_breathing',
        onlyIf: ['unconscious', 'breathing_trouble'],
        vi: 'Nếu người đó ngừng thở hoặc thở ngáp: báo ngay cho 115 và làm theo hướng dẫn; ép tim nếu bạn đã được học.',
        en: 'If they stop breathing or only gasp: tell 115 at once and follow their instructions; do chest compressions if you have been trained.',
      },
      {
        id: 'medical_emergency.naloxone',
        onlyIf: ['unconscious', 'breathing_trouble'],
        vi: 'Nếu người đó có thể đã dùng cả heroin hoặc thuốc phiện và bạn có naloxone: dùng naloxone. Naloxone không gây hại nếu không có chất dạng thuốc phiện.',
        en: 'If they may also have used heroin or another opioid and you have naloxone: give it. Naloxone does no harm if no opioid was taken.',
      },
      {
        id: 'medical_emergency.seizure',
        onlyIf: ['seizure'],
        vi: 'Khi đang co giật: dọn đồ cứng, sắc quanh người, kê vật mềm dưới đầu, không ghì giữ, không nhét gì vào miệng; ghi lại giờ bắt đầu.',
        en: 'During a seizure: move hard or sharp things away, put something soft under the head, do not hold them down, put nothing in the mouth; note when it started.',
      },
      {
        id: 'medical_emergency.chest_pain',
        onlyIf: ['chest_pain'],
        vi: 'Đau ngực: cho người đó ngồi nghỉ ở tư thế dễ chịu, nới lỏng quần áo, không để đi lại hay gắng sức.',
        en: 'Chest pain: help them sit and rest in a comfortable position, loosen tight clothing, do not let them walk about or exert themselves.',
      },
      {
        id: 'medical_emergency.breathing',
        onlyIf: ['breathing_trouble'],
        vi: 'Khó thở: để người đó ngồi thẳng, nơi thoáng khí, nới lỏng quần áo; bảo thở chậm cùng bạn.',
        en: 'Trouble breathing: help them sit upright in fresh air, loosen clothing, and breathe slowly with you.',
      },
      {
        id: 'medical_emergency.nothing_by_mouth',
        vi: 'Không cho ăn uống nếu người đó lơ mơ hoặc bất tỉnh; không tự cho uống thuốc.',
        en: 'Give nothing to eat or drink if they are drowsy or unconscious; do not give any medicine yourself.',
      },
      {
        id: 'medical_emergency.watch',
        vi: 'Theo dõi liên tục sự tỉnh táo và hơi thở đến khi xe cấp cứu tới; gọi lại 115 nếu nặng hơn.',
        en: 'Keep watching how awake they are and their breathing until the ambulance comes; call 115 again if it gets worse.',
      },
    ],
  },
  overheating: {
    title: { vi: 'Làm mát khi người bị nóng quá mức', en: 'Cooling someone who is overheating' },
    sources: ['mhgap_ig_2', 'ifrc_first_aid_2020', 'overamping'],
    steps: [
      {
        id: 'overheating.cool_place',
        vi: 'Đưa người đó vào chỗ mát, thoáng, tránh nắng; dừng nhảy múa, chạy nhảy.',
        en: 'Move them to a cool, airy place out of the sun; stop dancing or running about.',
      },
      { id: 'overheating.loosen_clothes', vi: 'Cởi bớt quần áo ngoài, nới lỏng quần áo chật.', en: 'Take off outer layers and loosen tight clothing.' },
      {
        id: 'overheating.cool_cloths',
        vi: 'Đắp khăn ướt mát lên trán, cổ, nách, bẹn và quạt liên tục; thay khăn khi khăn ấm lên.',
        en: 'Put cool wet cloths on the forehead, neck, armpits and groin and keep fanning; change the cloths when they warm up.',
      },
      {
        id: 'overheating.sips_of_water',
        vi: 'Nếu người đó tỉnh táo: cho uống từng ngụm nhỏ nước lọc hoặc oresol, không uống quá nhiều một lúc.',
        en: 'If they are fully awake: give small sips of water or oral rehydration solution, not large amounts at once.',
      },
    ],
  },
  stay_safe: {
    title: { vi: 'Giữ an toàn và bình tĩnh', en: 'Keep everyone safe and calm' },
    sources: ['mhgap_ig_2', 'unodc_stimulants_2019', 'who_wpro_closed_settings_2009', 'who_unodc_standards_2020'],
    steps: [
      {
        id: 'stay_safe.yourself_first',
        vi: 'Giữ an toàn cho bạn trước: đứng ở chỗ có lối ra, để đồ nguy hiểm ra xa.',
        en: 'Keep yourself safe first: stay where you can leave, keep dangerous objects away.',
      },
      {
        id: 'stay_safe.calm_talk',
        vi: 'Nói chậm, nhẹ nhàng, câu ngắn; nói bạn là ai và bạn ở đây để giúp.',
        en: 'Speak slowly and gently, in short sentences; say who you are and that you are here to help.',
      },
      {
        id: 'stay_safe.quiet_place',
        vi: 'Giữ nơi đó yên tĩnh: bớt người, bớt đèn và tiếng ồn; nếu người đó tự đi được và an toàn, đưa đến chỗ yên tĩnh hơn.',
        en: 'Keep it quiet: fewer people, dim lights, less noise; if they can walk and it is safe, move somewhere quieter.',
      },
      {
        id: 'stay_safe.no_restraint',
        vi: 'Không trói, không ghì giữ, không nhốt: việc đó làm người đó nóng hơn, sợ hơn và có thể gây chết người.',
        en: 'Do not tie up, hold down or lock in: it makes them hotter and more afraid and can kill.',
      },
      {
        id: 'stay_safe.do_not_leave_alone',
        vi: 'Không để người đó ở một mình; nếu bạn phải đi, nhờ một người tin cậy ở lại thay.',
        en: 'Do not leave the person alone; if you must go, ask someone they trust to stay instead.',
      },
      {
        id: 'stay_safe.no_more_use',
        vi: 'Khuyên người đó không dùng thêm ma túy hay rượu bia lúc này.',
        en: 'Encourage them not to use any more drugs or alcohol for now.',
      },
      {
        id: 'stay_safe.trusted_person',
        vi: 'Hỏi người đó muốn có ai ở bên (bạn bè, người thân, đồng đẳng) và mời người đó đến nếu họ đồng ý.',
        en: 'Ask who they would like with them (a friend, family member or peer) and call that person if they agree.',
      },
      {
        id: 'stay_safe.privacy',
        vi: 'Giữ kín chuyện: chỉ nói với người cần biết để giúp.',
        en: 'Keep it private: tell only the people who need to know in order to help.',
      },
    ],
  },
  aggression: {
    title: { vi: 'Khi người đó hung hăng', en: 'When the person is aggressive' },
    sources: ['mhgap_ig_2', 'byt_786_2019'],
    steps: [
      {
        id: 'aggression.space',
        vi: 'Giữ khoảng cách hơn một sải tay; không đứng chắn lối đi, không chạm vào người khi chưa được đồng ý.',
        en: 'Stay more than an arm’s length away; do not block their way out, do not touch them without permission.',
      },
      {
        id: 'aggression.one_voice',
        vi: 'Chỉ một người nói chuyện; mời những người khác lùi ra, bớt người đứng xem.',
        en: 'Only one person talks; ask others to step back and onlookers to leave.',
      },
      {
        id: 'aggression.listen',
        vi: 'Lắng nghe điều người đó muốn, nói rằng bạn hiểu họ đang bực hoặc sợ; không cãi, không dọa, không ra lệnh.',
        en: 'Listen to what they want and say you understand they are angry or scared; do not argue, threaten or give orders.',
      },
      {
        id: 'aggression.choices',
        vi: 'Đưa ra lựa chọn đơn giản: ngồi xuống, uống nước, ra chỗ yên tĩnh hơn.',
        en: 'Offer simple choices: sit down, have some water, move somewhere quieter.',
      },
      {
        id: 'aggression.remove_objects',
        vi: 'Nếu an toàn, lặng lẽ cất dao, chai lọ và đồ có thể gây thương tích.',
        en: 'If it is safe, quietly put away knives, bottles and anything that could injure.',
      },
      {
        id: 'aggression.leave_if_danger',
        vi: 'Nếu bạn hoặc người khác sắp bị hại: rời đi, đưa mọi người ra chỗ an toàn rồi gọi trợ giúp (115 nếu có người bị thương).',
        en: 'If you or others are about to be hurt: leave, take everyone to safety, then call for help (115 if someone is injured).',
      },
    ],
  },
  suicidal: {
    title: { vi: 'Khi người đó có ý nghĩ tự tử', en: 'When the person has suicidal thoughts' },
    sources: ['mhgap_ig_2', 'cssrs', 'who_wpro_closed_settings_2009'],
    steps: [
      {
        id: 'suicidal.already_hurt',
        vi: 'Nếu người đó đã tự làm mình bị thương, hoặc đã uống thuốc, hóa chất, thuốc trừ sâu: gọi 115 ngay.',
        en: 'If they have already hurt themselves, or swallowed pills, chemicals or pesticide: call 115 now.',
      },
      {
        id: 'suicidal.ask_directly',
        vi: 'Hỏi thẳng, bình tĩnh: "Anh/chị có đang nghĩ đến chuyện tự tử không?" Hỏi như vậy không làm họ dễ tự tử hơn.',
        en: 'Ask directly and calmly: "Are you thinking about killing yourself?" Asking does not make suicide more likely.',
      },
      {
        id: 'suicidal.cssrs',
        vi: 'Hỏi bộ câu hỏi sàng lọc C-SSRS trong ứng dụng nếu chưa hỏi.',
        en: 'Ask the C-SSRS screener in the app if you have not yet.',
      },
      {
        id: 'suicidal.listen',
        vi: 'Lắng nghe, không phán xét, không giảng giải; ghi nhận nỗi đau của họ.',
        en: 'Listen without judging or lecturing; acknowledge how much they are hurting.',
      },
      {
        id: 'suicidal.remove_means',
        vi: 'Cùng người đó và người thân cất xa các thứ có thể dùng để tự hại: dao, dây, thuốc, thuốc trừ sâu, ma túy.',
        en: 'With them and their family, put away anything they could use to harm themselves: knives, ropes, pills, pesticide, drugs.',
      },
      {
        id: 'suicidal.safety_plan',
        vi: 'Cùng lập kế hoạch an toàn ngắn: dấu hiệu báo trước, việc tự làm để vượt qua, người có thể gọi, số của bạn và số 115.',
        en: 'Make a short safety plan together: warning signs, what they can do to get through, people to call, your number and 115.',
      },
    ],
  },
  psychosis: {
    title: { vi: 'Khi người đó ảo giác, hoang tưởng', en: 'Hallucinations, paranoia or delusions' },
    sources: ['mhgap_ig_2', 'byt_786_2019', 'byt_2058_2020', 'unodc_stimulants_2019'],
    steps: [
      {
        id: 'psychosis.do_not_argue',
        vi: 'Không tranh cãi về điều người đó nghe, thấy hay tin, cũng đừng giả vờ đồng ý; nói về cảm xúc của họ: "Tôi thấy anh/chị đang rất sợ."',
        en: 'Do not argue about what they hear, see or believe, and do not pretend to agree; talk about their feelings: "I can see you are very scared."',
      },
      {
        id: 'psychosis.reassure',
        vi: 'Trấn an rằng họ đang an toàn; những trải nghiệm này thường giảm khi hết tác dụng của chất và được ngủ.',
        en: 'Reassure them that they are safe; these experiences usually ease as the drug wears off and they sleep.',
      },
      {
        id: 'psychosis.reduce_stimulation',
        vi: 'Tắt bớt đèn, nhạc, ti vi; bớt người xung quanh.',
        en: 'Turn down lights, music and TV; fewer people around.',
      },
      { id: 'psychosis.water_food', vi: 'Mời uống nước và ăn nhẹ nếu người đó muốn.', en: 'Offer water and a light snack if they want.' },
      {
        id: 'psychosis.watch_body',
        vi: 'Để ý dấu hiệu nguy hiểm: người rất nóng, đau ngực, co giật, lú lẫn nặng. Nếu có: gọi 115.',
        en: 'Watch for danger signs: very hot, chest pain, seizure, severe confusion. If any: call 115.',
      },
    ],
  },
  panic: {
    title: { vi: 'Cơn hoảng loạn, lo âu', en: 'Panic or anxiety attack' },
    sources: ['mhgap_ig_2', 'overamping'],
    steps: [
      {
        id: 'panic.reassure',
        vi: 'Trấn an: cơn hoảng loạn rất khó chịu nhưng sẽ qua; bạn sẽ ở bên đến khi qua.',
        en: 'Reassure them: a panic attack feels awful but will pass; you will stay until it does.',
      },
      {
        id: 'panic.slow_breathing',
        vi: 'Thở chậm cùng người đó: hít vào bằng mũi đếm đến 4, thở ra chậm bằng miệng đếm đến 6, lặp lại vài phút.',
        en: 'Breathe slowly together: in through the nose for 4, out slowly through the mouth for 6, for a few minutes.',
      },
      {
        id: 'panic.grounding',
        vi: 'Giúp người đó chú ý vào hiện tại: gọi tên vài thứ nhìn thấy quanh mình, cảm nhận bàn chân chạm đất.',
        en: 'Help them focus on the here and now: name a few things they can see, feel their feet on the ground.',
      },
      {
        id: 'panic.no_stimulants',
        vi: 'Tránh cà phê, nước tăng lực, thuốc lá lúc này; mời uống nước.',
        en: 'Avoid coffee, energy drinks and cigarettes for now; offer water.',
      },
      {
        id: 'panic.check_chest',
        vi: 'Nếu có đau ngực, khó thở nặng hoặc ngất: có thể là cấp cứu, gọi 115.',
        en: 'If there is chest pain, severe breathlessness or fainting: it may be an emergency, call 115.',
      },
    ],
  },
  exhaustion: {
    title: { vi: 'Mất ngủ nhiều ngày, kiệt sức', en: 'No sleep for days, exhaustion' },
    sources: ['who_wpro_closed_settings_2009', 'unodc_stimulants_2019', 'mhgap_ig_2'],
    steps: [
      {
        id: 'exhaustion.rest',
        vi: 'Tìm chỗ an toàn, yên tĩnh để người đó nằm nghỉ và ngủ; ngủ là cách hồi phục tốt nhất.',
        en: 'Find a safe, quiet place for them to lie down and sleep; sleep is the best way to recover.',
      },
      {
        id: 'exhaustion.water_food',
        vi: 'Mời uống nước và ăn món nhẹ, dễ tiêu như cháo, sữa, trái cây.',
        en: 'Offer water and light, easy food such as rice porridge, milk or fruit.',
      },
      {
        id: 'exhaustion.low_mood',
        vi: 'Sau nhiều ngày dùng đá, người ta hay buồn chán, cáu kỉnh; hỏi nhẹ nhàng xem họ có ý nghĩ tự hại không.',
        en: 'After days of using, people often feel low and irritable; gently ask whether they have thoughts of harming themselves.',
      },
      {
        id: 'exhaustion.check_in',
        vi: 'Hẹn một người tin cậy ghé xem người đó sau vài giờ.',
        en: 'Arrange for someone they trust to look in on them in a few hours.',
      },
    ],
  },
  refer_today: {
    title: { vi: 'Chuyển gửi ngay trong ngày', en: 'Referral today' },
    sources: ['mhgap_ig_2', 'byt_786_2019', 'who_unodc_standards_2020'],
    steps: [
      {
        id: 'refer_today.explain',
        vi: 'Giải thích vì sao nên gặp bác sĩ ngay hôm nay và hỏi người đó có đồng ý không.',
        en: 'Explain why they should see a doctor today and ask whether they agree.',
      },
      {
        id: 'refer_today.call_ahead',
        vi: 'Gọi trước cho nơi chuyển gửi (phòng khám tâm thần, trạm y tế, bệnh viện) để họ biết bạn sẽ đưa người đến.',
        en: 'Call the service ahead (mental health clinic, health station, hospital) so they know you are coming.',
      },
      {
        id: 'refer_today.accompany',
        vi: 'Đi cùng người đó, hoặc nhờ người tin cậy đi cùng; không để họ đi một mình.',
        en: 'Go with them, or ask someone they trust to go; do not send them alone.',
      },
      {
        id: 'refer_today.if_refused',
        vi: 'Nếu người đó từ chối: tôn trọng, tiếp tục ở gần, báo người quản lý và hẹn liên lạc lại trong ngày.',
        en: 'If they refuse: respect it, stay close, tell your manager and agree when you will be in touch again today.',
      },
      {
        id: 'refer_today.escalate',
        vi: 'Nếu tình trạng nặng lên (dấu hiệu cơ thể nguy hiểm, sắp gây hại): gọi 115.',
        en: 'If things get worse (physical danger signs, about to cause harm): call 115.',
      },
    ],
  },
  after_care: {
    title: { vi: 'Khi người đó đã ổn hơn', en: 'Once the person is calmer' },
    sources: ['mhgap_ig_2', 'who_unodc_standards_2020'],
    steps: [
      {
        id: 'after_care.stay_until_calm',
        vi: 'Ở lại đến khi người đó bình tĩnh và có người tin cậy ở cùng.',
        en: 'Stay until they are calm and someone they trust is with them.',
      },
      {
        id: 'after_care.follow_up',
        vi: 'Hẹn gặp hoặc gọi lại trong 1 đến 3 ngày; ghi lịch hẹn vào ứng dụng.',
        en: 'Agree to meet or call again within 1 to 3 days; record it in the app.',
      },
      {
        id: 'after_care.warning_signs',
        vi: 'Đưa số điện thoại của bạn và dặn gọi 115 nếu có đau ngực, khó thở, co giật, người rất nóng hoặc bất tỉnh.',
        en: 'Give your phone number and say to call 115 for chest pain, trouble breathing, seizure, overheating or passing out.',
      },
      {
        id: 'after_care.screening',
        vi: 'Khi người đó khỏe hơn, mời làm sàng lọc (PHQ-9, GAD-7) để cùng lên kế hoạch chăm sóc.',
        en: 'When they feel better, offer a screening (PHQ-9, GAD-7) to plan care together.',
      },
    ],
  },
  routine_care: {
    title: { vi: 'Chăm sóc thường lệ', en: 'Routine care' },
    sources: ['mhgap_ig_2', 'who_unodc_standards_2020'],
    steps: [
      {
        id: 'routine_care.listen',
        vi: 'Lúc này không có dấu hiệu nguy hiểm. Hỏi thăm và lắng nghe điều người đó đang lo.',
        en: 'There is no danger sign right now. Ask how they are and listen to what worries them.',
      },
      {
        id: 'routine_care.screening',
        vi: 'Mời làm sàng lọc sức khỏe tâm thần (PHQ-9, GAD-7, ASSIST) nếu người đó đồng ý.',
        en: 'Offer a mental health screening (PHQ-9, GAD-7, ASSIST) if they agree.',
      },
      {
        id: 'routine_care.warning_signs',
        vi: 'Dặn các dấu hiệu cần gọi ngay: đau ngực, khó thở, co giật, người rất nóng, có ý nghĩ tự tử.',
        en: 'Tell them the signs to call for help at once: chest pain, trouble breathing, seizure, overheating, thoughts of suicide.',
      },
      {
        id: 'routine_care.next_visit',
        vi: 'Hẹn lần gặp tới theo lịch chăm sóc thường lệ.',
        en: 'Agree on the next visit in the usual care plan.',
      },
    ],
  },
};

/** Which presentations each red flag calls for (the level adds the general ones, see presentationsFor). */
export const FLAG_PRESENTATIONS: Readonly<Record<RedFlag, readonly PresentationId[]>> = {
  chest_pain: ['medical_emergency'],
  breathing_trouble: ['medical_emergency'],
  seizure: ['medical_emergency'],
  overheating: ['overheating'],
  unconscious: ['medical_emergency'],
  // Fever with confusion may be heatstroke: first aid and cooling both apply.
  confused_with_fever: ['medical_emergency', 'overheating'],
  psychosis: ['psychosis'],
  aggression: ['aggression'],
  suicidal_thoughts: ['suicidal'],
  panic: ['panic'],
  exhaustion: ['exhaustion'],
};

export const GUIDANCE = {
  version: GUIDANCE_VERSION,
  sources: SOURCES,
  checkQuestions: CHECK_QUESTIONS,
  presentations: P,
} as const;
