"""The portal's initial content in Latvian, English, Russian and Ukrainian, written for the public
from domain brief §1–§9 and the seeds (000, 002, 004). Editors change it in the CMS afterwards;
this is only what a fresh install starts with.

Each page: ``slug``, ``kind`` (info, news_index, event_index), ``parent`` (a slug, or None for the
content root) and one entry per language: (title, summary, body). A body is a list of strings:
``"## Heading"`` is a heading block, ``"! Heading | text"`` a highlighted box, anything else a
text block whose lines starting with ``"- "`` become a bulleted list. The four languages have
the same blocks in the same order (the translations are paired segment by segment).
No addresses of other sites: the portal links to nothing outside itself.
"""

from __future__ import annotations

LANGUAGES = ("lv", "en", "ru", "uk")

PAGES: list[dict] = [
    {
        "slug": "info",
        "kind": "info",
        "parent": None,
        "lv": (
            "Par cilvēku tirdzniecību",
            "Skaidri un vienkārši: kas ir cilvēku tirdzniecība, kā to atpazīt un kur saņemt palīdzību.",
            [
                "Cilvēku tirdzniecība ir smags noziegums. Tā var skart ikvienu — arī Latvijā un arī tos, "
                "kas devušies strādāt uz ārzemēm. Cietušajiem ir tiesības uz bezmaksas palīdzību, un viņi "
                "nav vainīgi notikušajā.",
                "! Ja jums draud briesmas | Zvaniet 112 vai Valsts policijai 110. Zvani ir bez maksas.",
            ],
        ),
        "en": (
            "About human trafficking",
            "In plain words: what human trafficking is, how to recognise it and where to get help.",
            [
                "Human trafficking is a serious crime. It can happen to anyone — in Latvia too, and to "
                "people who went to work abroad. Victims have a right to free help, and what happened is "
                "not their fault.",
                "! If you are in danger | Call 112 or the State Police on 110. The calls are free.",
            ],
        ),
        "ru": (
            "О торговле людьми",
            "Простыми словами: что такое торговля людьми, как её распознать и где получить помощь.",
            [
                "Торговля людьми — тяжкое преступление. Она может коснуться любого — и в Латвии, и тех, "
                "кто уехал работать за границу. Пострадавшие имеют право на бесплатную помощь, и в "
                "случившемся нет их вины.",
                "! Если вам угрожает опасность | Звоните 112 или в Государственную полицию 110. Звонки "
                "бесплатные.",
            ],
        ),
        "uk": (
            "Про торгівлю людьми",
            "Простими словами: що таке торгівля людьми, як її розпізнати і де отримати допомогу.",
            [
                "Торгівля людьми — тяжкий злочин. Вона може торкнутися будь-кого — і в Латвії, і тих, хто "
                "поїхав працювати за кордон. Постраждалі мають право на безоплатну допомогу, і в тому, що "
                "сталося, немає їхньої провини.",
                "! Якщо вам загрожує небезпека | Телефонуйте 112 або до Державної поліції 110. Дзвінки "
                "безкоштовні.",
            ],
        ),
    },
    {
        "slug": "what-is-trafficking",
        "kind": "info",
        "parent": "info",
        "lv": (
            "Kas ir cilvēku tirdzniecība",
            "Cilvēku tirdzniecība ir cilvēka vervēšana, pārvadāšana vai turēšana, lai viņu izmantotu.",
            [
                "## Trīs pazīmes",
                "Likums (Krimināllikuma 154.1 un 154.2 pants) un starptautiskās tiesības cilvēku "
                "tirdzniecību apraksta ar trim lietām:\n"
                "- darbība: cilvēku vervē, pārvadā, nodod, slēpj, izmitina vai saņem;\n"
                "- līdzekļi: vardarbība vai draudi, maldināšana, atkarības, neaizsargātības vai bezpalīdzības "
                "izmantošana, labumu došana tam, no kura cilvēks ir atkarīgs;\n"
                "- mērķis: cilvēka ekspluatācija.",
                "## Bērni",
                "Ja cietušais ir jaunāks par 18 gadiem, tā ir cilvēku tirdzniecība arī bez draudiem vai "
                "maldināšanas: pietiek ar vervēšanu vai pārvadāšanu ekspluatācijas nolūkā.",
                "## Piekrišana neko nemaina",
                "Neaizsargātība nozīmē, ka cilvēkam nebija reālas vai pieņemamas izvēles, kā vien pakļauties. "
                "Ja cilvēks sākumā piekrita darbam, bet vēlāk tika piespiests vai maldināts, viņš joprojām "
                "ir cietušais.",
            ],
        ),
        "en": (
            "What human trafficking is",
            "Human trafficking means recruiting, moving or holding a person in order to exploit them.",
            [
                "## Three elements",
                "The law (sections 154.1 and 154.2 of the Criminal Law) and international law describe "
                "trafficking by three things:\n"
                "- an act: a person is recruited, transported, transferred, hidden, housed or received;\n"
                "- a means: violence or threats, deception, abuse of dependency, vulnerability or "
                "helplessness, or benefits given to someone the person depends on;\n"
                "- a purpose: exploiting the person.",
                "## Children",
                "If the victim is under 18, it is trafficking even without threats or deception: "
                "recruiting or moving a child in order to exploit them is enough.",
                "## Consent changes nothing",
                "Vulnerability means that the person had no real or acceptable choice but to submit. "
                "Someone who agreed to a job at first but was later forced or deceived is still a victim.",
            ],
        ),
        "ru": (
            "Что такое торговля людьми",
            "Торговля людьми — это вербовка, перевозка или удержание человека с целью его эксплуатации.",
            [
                "## Три признака",
                "Закон (статьи 154.1 и 154.2 Уголовного закона) и международное право описывают торговлю "
                "людьми тремя признаками:\n"
                "- действие: человека вербуют, перевозят, передают, укрывают, размещают или получают;\n"
                "- средства: насилие или угрозы, обман, использование зависимости, уязвимости или "
                "беспомощности, выгоды для того, от кого человек зависит;\n"
                "- цель: эксплуатация человека.",
                "## Дети",
                "Если пострадавшему нет 18 лет, это торговля людьми и без угроз или обмана: достаточно "
                "вербовки или перевозки ребёнка с целью эксплуатации.",
                "## Согласие ничего не меняет",
                "Уязвимость означает, что у человека не было реального или приемлемого выбора, кроме как "
                "подчиниться. Тот, кто сначала согласился на работу, а потом был принуждён или обманут, "
                "всё равно пострадавший.",
            ],
        ),
        "uk": (
            "Що таке торгівля людьми",
            "Торгівля людьми — це вербування, перевезення або утримання людини з метою її експлуатації.",
            [
                "## Три ознаки",
                "Закон (статті 154.1 і 154.2 Кримінального закону) та міжнародне право описують торгівлю "
                "людьми трьома ознаками:\n"
                "- дія: людину вербують, перевозять, передають, переховують, розміщують або отримують;\n"
                "- засоби: насильство чи погрози, обман, використання залежності, вразливості чи "
                "безпорадності, вигоди для того, від кого людина залежить;\n"
                "- мета: експлуатація людини.",
                "## Діти",
                "Якщо постраждалому немає 18 років, це торгівля людьми і без погроз чи обману: досить "
                "вербування або перевезення дитини з метою експлуатації.",
                "## Згода нічого не змінює",
                "Вразливість означає, що людина не мала реального чи прийнятного вибору, окрім як "
                "підкоритися. Той, хто спочатку погодився на роботу, а потім був змушений або ошуканий, "
                "однаково є постраждалим.",
            ],
        ),
    },
    {
        "slug": "forms-of-exploitation",
        "kind": "info",
        "parent": "info",
        "lv": (
            "Ekspluatācijas veidi",
            "Cilvēku var izmantot dažādi, bieži vairākos veidos vienlaikus.",
            [
                "- Seksuālā izmantošana: prostitūcija, pornogrāfija, seksa tūrisms, seksuāli attēli internetā.\n"
                "- Piespiedu darbs: darbs bez samaksas vai par niecīgu samaksu, pret cilvēka gribu.\n"
                "- Piespiedu pakalpojumi, Latvijā galvenokārt fiktīvas laulības, bieži ar trešo valstu "
                "pilsoņiem Īrijā vai Lielbritānijā; meitenes un sievietes vervē internetā.\n"
                "- Verdzība un tai līdzīgas situācijas: parādu verdzība, kalpība, mājas kalpība.\n"
                "- Piespiedu ubagošana.\n"
                "- Piespiešana izdarīt noziegumus: narkotiku kurjeri, viltotu preču tirdzniecība, zādzības, "
                "kabatzagšana.\n"
                "- Orgānu vai audu nelikumīga izņemšana.",
            ],
        ),
        "en": (
            "Forms of exploitation",
            "A person can be exploited in different ways, often in several at once.",
            [
                "- Sexual exploitation: prostitution, pornography, sex tourism, sexual images online.\n"
                "- Forced labour: work against the person's will, without pay or for very little.\n"
                "- Forced services, in Latvia chiefly sham marriages, often with non-EU citizens in "
                "Ireland or the United Kingdom; girls and women are recruited online.\n"
                "- Slavery and similar situations: debt bondage, serfdom, domestic servitude.\n"
                "- Forced begging.\n"
                "- Being forced to commit crimes: carrying drugs, selling counterfeit goods, theft, "
                "pickpocketing.\n"
                "- Unlawful removal of organs or tissue.",
            ],
        ),
        "ru": (
            "Формы эксплуатации",
            "Человека могут эксплуатировать по-разному, часто несколькими способами сразу.",
            [
                "- Сексуальная эксплуатация: проституция, порнография, секс-туризм, сексуальные изображения "
                "в интернете.\n"
                "- Принудительный труд: работа против воли человека, без оплаты или за гроши.\n"
                "- Принудительные услуги, в Латвии прежде всего фиктивные браки, часто с гражданами третьих "
                "стран в Ирландии или Великобритании; девушек и женщин вербуют через интернет.\n"
                "- Рабство и сходные с ним положения: долговая кабала, крепостная зависимость, домашнее "
                "подневольное положение.\n"
                "- Принуждение к попрошайничеству.\n"
                "- Принуждение к преступлениям: перевозка наркотиков, продажа поддельных товаров, кражи, "
                "карманные кражи.\n"
                "- Незаконное изъятие органов или тканей.",
            ],
        ),
        "uk": (
            "Форми експлуатації",
            "Людину можуть експлуатувати по-різному, часто кількома способами одночасно.",
            [
                "- Сексуальна експлуатація: проституція, порнографія, секс-туризм, сексуальні зображення в "
                "інтернеті.\n"
                "- Примусова праця: робота проти волі людини, без оплати або за копійки.\n"
                "- Примусові послуги, у Латвії передусім фіктивні шлюби, часто з громадянами третіх країн в "
                "Ірландії чи Великій Британії; дівчат і жінок вербують через інтернет.\n"
                "- Рабство та подібні до нього стани: боргова кабала, кріпацтво, домашнє підневільне "
                "становище.\n"
                "- Примус до жебракування.\n"
                "- Примус до злочинів: перевезення наркотиків, продаж підроблених товарів, крадіжки, "
                "кишенькові крадіжки.\n"
                "- Незаконне вилучення органів або тканин.",
            ],
        ),
    },
    {
        "slug": "signs",
        "kind": "info",
        "parent": "info",
        "lv": (
            "Pazīmes, ka cilvēku izmanto",
            "Viena pazīme vēl nenozīmē cilvēku tirdzniecību, bet vairākas kopā ir iemesls jautāt pēc palīdzības.",
            [
                "## Darbs un nauda",
                "- Alga ir niecīga vai tās nav; no algas atvelk nesaprotamas summas.\n"
                "- Jāmaksā pārāk daudz par dzīvesvietu, ēdienu, transportu, darbarīkiem vai apliecībām.\n"
                "- Parāds darba devējam vai vervētājam, kas tikai aug; nelikumīga maksa par darba atrašanu.\n"
                "- Darbs un apstākļi nav tie, kas tika solīti; līguma noteikumi tiek slēpti.\n"
                "- Pārāk garas darba stundas bez brīvdienām un bez piemaksas par virsstundām, naktīm vai "
                "svētku dienām.",
                "## Brīvība un dokumenti",
                "- Pase, personas apliecība, bankas kartes vai darba atļauja ir atņemtas.\n"
                "- Nedrīkst brīvi iziet, mainīt darbu vai sazināties ar ģimeni un citiem cilvēkiem.\n"
                "- Aizliedz apmeklēt valodas kursus vai iestāties arodbiedrībā.\n"
                "- Darba vieta vai dzīvesvieta ir nedroša un kaitīga veselībai; neļauj saņemt medicīnisko "
                "palīdzību.",
                "## Draudi un vardarbība",
                "- Vardarbība vai draudi, arī pret ģimeni.\n"
                "- Draudi ar atlaišanu, ziņošanu iestādēm vai piespiedu nosūtīšanu mājās.\n"
                "- Iebiedēšana, lai cilvēks nevērstos policijā un nemēģinātu aizbēgt.",
            ],
        ),
        "en": (
            "Signs that someone is exploited",
            "One sign alone does not mean trafficking, but several together are a reason to ask for help.",
            [
                "## Work and money",
                "- Little or no pay; unexplained amounts are deducted from wages.\n"
                "- Too much is charged for housing, food, transport, tools or certificates.\n"
                "- A debt to the employer or recruiter that only grows; unlawful fees for getting the job.\n"
                "- The work and conditions are not what was promised; the terms of the contract are hidden.\n"
                "- Very long hours without days off and without extra pay for overtime, nights or public "
                "holidays.",
                "## Freedom and documents",
                "- The passport, ID card, bank cards or work permit have been taken away.\n"
                "- The person may not go out freely, change jobs or contact their family and others.\n"
                "- They are not allowed to attend language courses or join a trade union.\n"
                "- The workplace or the housing is unsafe and harmful to health; medical care is refused.",
                "## Threats and violence",
                "- Violence or threats, also against the family.\n"
                "- Threats of dismissal, of being reported to the authorities or of being sent home by force.\n"
                "- Intimidation so that the person does not go to the police or try to escape.",
            ],
        ),
        "ru": (
            "Признаки эксплуатации",
            "Один признак ещё не означает торговлю людьми, но несколько вместе — повод обратиться за помощью.",
            [
                "## Работа и деньги",
                "- Зарплата мизерная или её нет; из неё вычитают непонятные суммы.\n"
                "- Слишком много берут за жильё, еду, транспорт, инструменты или справки.\n"
                "- Долг работодателю или вербовщику, который только растёт; незаконная плата за "
                "трудоустройство.\n"
                "- Работа и условия не те, что обещали; условия договора скрывают.\n"
                "- Слишком долгий рабочий день без выходных и без доплаты за сверхурочные, ночные или "
                "праздничные часы.",
                "## Свобода и документы",
                "- Паспорт, удостоверение личности, банковские карты или разрешение на работу отобраны.\n"
                "- Нельзя свободно выходить, сменить работу или связаться с семьёй и другими людьми.\n"
                "- Запрещают посещать языковые курсы или вступать в профсоюз.\n"
                "- Место работы или жильё небезопасно и вредно для здоровья; не дают получить медицинскую "
                "помощь.",
                "## Угрозы и насилие",
                "- Насилие или угрозы, в том числе семье.\n"
                "- Угрозы увольнением, сообщением властям или принудительной отправкой домой.\n"
                "- Запугивание, чтобы человек не обращался в полицию и не пытался сбежать.",
            ],
        ),
        "uk": (
            "Ознаки експлуатації",
            "Одна ознака ще не означає торгівлю людьми, але кілька разом — привід звернутися по допомогу.",
            [
                "## Робота і гроші",
                "- Зарплата мізерна або її немає; з неї вираховують незрозумілі суми.\n"
                "- Забагато беруть за житло, їжу, транспорт, інструменти чи довідки.\n"
                "- Борг роботодавцю чи вербувальнику, який лише зростає; незаконна плата за "
                "працевлаштування.\n"
                "- Робота й умови не ті, що обіцяли; умови договору приховують.\n"
                "- Задовгий робочий день без вихідних і без доплати за понаднормові, нічні чи святкові "
                "години.",
                "## Свобода і документи",
                "- Паспорт, посвідчення особи, банківські картки чи дозвіл на роботу відібрали.\n"
                "- Не можна вільно виходити, змінити роботу або зв'язатися з родиною та іншими людьми.\n"
                "- Забороняють відвідувати мовні курси чи вступати до профспілки.\n"
                "- Місце роботи або житло небезпечне й шкідливе для здоров'я; не дають отримати медичну "
                "допомогу.",
                "## Погрози і насильство",
                "- Насильство або погрози, зокрема родині.\n"
                "- Погрози звільненням, повідомленням владі або примусовим відправленням додому.\n"
                "- Залякування, щоб людина не зверталася до поліції і не намагалася втекти.",
            ],
        ),
    },
    {
        "slug": "who-is-at-risk",
        "kind": "info",
        "parent": "info",
        "lv": (
            "Kam draud risks",
            "Cilvēku tirgotāji meklē tos, kuriem ir grūti un kuri meklē izeju.",
            [
                "Biežāk apdraudēti ir:\n"
                "- bezdarbnieki un darba meklētāji, īpaši tie, kas meklē darbu ārzemēs;\n"
                "- cilvēki ar zemiem ienākumiem vai kredītsaistībām, kā arī tie, kuri nevar atļauties izglītību;\n"
                "- sievietes, visbiežāk vecumā no 18 līdz 40 gadiem;\n"
                "- bāreņi, bērni bez vecāku gādības, internātskolu audzēkņi, bērni no riska ģimenēm un ielas "
                "bērni, kā arī bērni, kuru vecāki strādā ārzemēs;\n"
                "- cilvēki ar garīga rakstura traucējumiem;\n"
                "- cilvēki, kas jau cietuši no vardarbības vai cilvēku tirdzniecības;\n"
                "- bēgļi, tostarp cilvēki, kas kopš 2022. gada bēg no kara Ukrainā.",
                "! Uzmanieties no piedāvājumiem | Darbs ārzemēs, kur nevajag ne valodu, ne dokumentus, ātra "
                "bagātība vai nauda par laulību ir bieži izmantoti vervēšanas paņēmieni, īpaši internetā.",
            ],
        ),
        "en": (
            "Who is at risk",
            "Traffickers look for people who are struggling and looking for a way out.",
            [
                "More often at risk are:\n"
                "- unemployed people and job seekers, especially those looking for work abroad;\n"
                "- people with low incomes or loans to repay, and those who cannot afford an education;\n"
                "- women, most often aged 18 to 40;\n"
                "- orphans, children without parental care, boarding-school pupils, children from families "
                "at risk and street children, and children whose parents work abroad;\n"
                "- people with mental disorders;\n"
                "- people who have already suffered violence or trafficking;\n"
                "- refugees, including people fleeing the war in Ukraine since 2022.",
                "! Be careful with offers | Work abroad with no language or documents needed, quick riches "
                "or money for a marriage are common ways of recruiting, especially online.",
            ],
        ),
        "ru": (
            "Кто в группе риска",
            "Торговцы людьми ищут тех, кому трудно и кто ищет выход.",
            [
                "Чаще под угрозой:\n"
                "- безработные и ищущие работу, особенно за границей;\n"
                "- люди с низкими доходами или кредитами, а также те, кто не может позволить себе "
                "образование;\n"
                "- женщины, чаще всего в возрасте от 18 до 40 лет;\n"
                "- сироты, дети без попечения родителей, воспитанники интернатов, дети из семей группы "
                "риска и беспризорные дети, а также дети, чьи родители работают за границей;\n"
                "- люди с психическими расстройствами;\n"
                "- люди, уже пострадавшие от насилия или торговли людьми;\n"
                "- беженцы, в том числе люди, бегущие от войны в Украине с 2022 года.",
                "! Будьте осторожны с предложениями | Работа за границей без знания языка и документов, "
                "быстрое богатство или деньги за брак — частые способы вербовки, особенно в интернете.",
            ],
        ),
        "uk": (
            "Хто в групі ризику",
            "Торгівці людьми шукають тих, кому важко і хто шукає вихід.",
            [
                "Частіше під загрозою:\n"
                "- безробітні та ті, хто шукає роботу, особливо за кордоном;\n"
                "- люди з низькими доходами або кредитами, а також ті, хто не може дозволити собі освіту;\n"
                "- жінки, найчастіше віком від 18 до 40 років;\n"
                "- сироти, діти без батьківського піклування, вихованці інтернатів, діти з сімей групи "
                "ризику та безпритульні діти, а також діти, чиї батьки працюють за кордоном;\n"
                "- люди з психічними розладами;\n"
                "- люди, які вже постраждали від насильства чи торгівлі людьми;\n"
                "- біженці, зокрема люди, які з 2022 року тікають від війни в Україні.",
                "! Будьте обережні з пропозиціями | Робота за кордоном без знання мови й документів, швидке "
                "багатство чи гроші за шлюб — поширені способи вербування, особливо в інтернеті.",
            ],
        ),
    },
    {
        "slug": "help-available",
        "kind": "info",
        "parent": "info",
        "lv": (
            "Pieejamā palīdzība",
            "Valsts apmaksāts sociālās rehabilitācijas kurss cilvēku tirdzniecības upuriem, palīdzība pēc "
            "tā un atbalsts ģimenei.",
            [
                "## Rehabilitācijas kurss",
                "Kurss ilgst līdz 180 dienām, un to sniedz organizācijas, ar kurām valsts noslēgusi līgumu. "
                "Palīdzība ir bez maksas un konfidenciāla. Tā ietver:\n"
                "- sociālā darbinieka, psihologa, jurista, ārsta un citu speciālistu konsultācijas;\n"
                "- drošu patvērumu un dzīvesvietu, ja vajag, arī nepilngadīgajiem bērniem;\n"
                "- ēdienu, apģērbu, zāles un citas pirmās nepieciešamības lietas;\n"
                "- palīdzību atjaunot vai tulkot atņemtos vai pazaudētos dokumentus;\n"
                "- atbalstu mācībām un darba meklēšanai;\n"
                "- ceļa izdevumu segšanu un pavadīšanu, arī atgriežoties no ārzemēm.",
                "Palīdzības apjomu nosaka individuāls plāns, ko kopā ar jums sagatavo speciālistu komanda. "
                "Saturs ir vienāds bērniem un pieaugušajiem.",
                "## Pēc kursa",
                "Palīdzība pēc kursa sākas, kad 180 dienu kurss ir beidzies. Kāda tā ir, atkarīgs no tā, vai "
                "saņemat atbalstu kriminālprocesā:\n"
                "- Ja nesaņemat atbalstu kriminālprocesā: piecas individuālas vienas stundas konsultācijas "
                "(jurista, sociālā darbinieka vai psihologa) divu gadu laikā pēc kursa beigām.\n"
                "- Ja esat atzīts par cietušo vai jums ir liecinieka statuss kriminālprocesā par cilvēku "
                "tirdzniecību (to apliecina tiesībsargājošās iestādes izziņa): atbalsts saistībā ar procesu — "
                "jurista, sociālā darbinieka un psihologa konsultācijas, tulks, palīdzība ar juridiskiem "
                "dokumentiem un, ja vajag, pārstāvība tiesā — līdz 150 stundām gadā trīs gadus. Tad piecas "
                "konsultācijas pēc kursa nav paredzētas: abus atbalstus vienlaikus nesaņem.\n"
                "- Ja saņemat valsts nodrošināto juridisko palīdzību, atbalsts kriminālprocesā ietver tikai "
                "sociālā darbinieka un psihologa konsultācijas un tulka pakalpojumus tām.",
                "## Ģimenei",
                "Cietušā nepilngadīgie ģimenes locekļi, kas dzīvo Latvijā, var saņemt piecas konsultācijas.",
                "## Ja esat ārzemēs",
                "Palīdzību var sākt, kamēr esat ārzemēs: sarunu var veikt attālināti, un ceļu uz Latviju "
                "apmaksā un, ja vajag, jūs pavada.",
                "Tiesības uz palīdzību ir Eiropas Savienības pilsoņiem un viņu nepilngadīgajiem bērniem, "
                "citu valstu pilsoņiem — likumā noteiktajos gadījumos.",
            ],
        ),
        "en": (
            "The help available",
            "A state-funded social rehabilitation course for victims of human trafficking, help after it "
            "and support for the family.",
            [
                "## The rehabilitation course",
                "The course lasts up to 180 days and is given by organisations under contract with the "
                "state. The help is free and confidential. It includes:\n"
                "- consultations with a social worker, psychologist, lawyer, doctor and other specialists;\n"
                "- a safe shelter and a place to live if needed, also for minor children;\n"
                "- food, clothing, medicines and other essentials;\n"
                "- help to restore or translate documents that were taken or lost;\n"
                "- support for learning and finding work;\n"
                "- travel costs and someone to accompany you, also when returning from abroad.",
                "How much help you get is set by an individual plan that a team of specialists draws up "
                "with you. The content is the same for children and adults.",
                "## After the course",
                "Help after the course starts when the 180-day course has ended. What it is depends on whether "
                "you receive support in criminal proceedings:\n"
                "- If you do not receive support in criminal proceedings: five individual one-hour "
                "consultations (lawyer, social worker or psychologist) within two years after the course ends.\n"
                "- If you are recognised as a victim, or have witness status, in criminal proceedings on "
                "trafficking (shown by a statement of a law-enforcement body): support in connection with the "
                "proceedings — consultations of a lawyer, social worker and psychologist, an interpreter, help "
                "with legal documents and, if needed, representation in court — up to 150 hours a year for "
                "three years. The five consultations after the course are then not given: you do not receive "
                "both at the same time.\n"
                "- If you receive state-ensured legal aid, the support in criminal proceedings covers only the "
                "consultations of a social worker and a psychologist and interpreting for them.",
                "## For the family",
                "Minor family members of a victim who live in Latvia can have five consultations.",
                "## If you are abroad",
                "Help can start while you are abroad: the interview can take place remotely, and the journey "
                "to Latvia is paid and, if needed, someone goes with you.",
                "Citizens of the European Union and their minor children have the right to this help; "
                "citizens of other countries in the cases set by law.",
            ],
        ),
        "ru": (
            "Доступная помощь",
            "Оплачиваемый государством курс социальной реабилитации для пострадавших от торговли людьми, "
            "помощь после него и поддержка семьи.",
            [
                "## Курс реабилитации",
                "Курс длится до 180 дней, его проводят организации, с которыми государство заключило "
                "договор. Помощь бесплатная и конфиденциальная. Она включает:\n"
                "- консультации социального работника, психолога, юриста, врача и других специалистов;\n"
                "- безопасное убежище и жильё при необходимости, в том числе для несовершеннолетних детей;\n"
                "- еду, одежду, лекарства и другие предметы первой необходимости;\n"
                "- помощь в восстановлении или переводе отобранных или утерянных документов;\n"
                "- поддержку в учёбе и поиске работы;\n"
                "- оплату дороги и сопровождение, в том числе при возвращении из-за границы.",
                "Объём помощи определяет индивидуальный план, который команда специалистов составляет "
                "вместе с вами. Содержание одинаково для детей и взрослых.",
                "## После курса",
                "Помощь после курса начинается, когда 180-дневный курс закончился. Какая она, зависит от того, "
                "получаете ли вы поддержку в уголовном процессе:\n"
                "- Если вы не получаете поддержку в уголовном процессе: пять индивидуальных консультаций по "
                "одному часу (юриста, социального работника или психолога) в течение двух лет после окончания "
                "курса.\n"
                "- Если вы признаны пострадавшим или имеете статус свидетеля в уголовном процессе о торговле "
                "людьми (это подтверждает справка правоохранительного органа): поддержка в связи с процессом — "
                "консультации юриста, социального работника и психолога, переводчик, помощь с юридическими "
                "документами и при необходимости представительство в суде — до 150 часов в год в течение трёх "
                "лет. Тогда пять консультаций после курса не предоставляются: обе поддержки одновременно не "
                "получают.\n"
                "- Если вы получаете обеспечиваемую государством юридическую помощь, поддержка в уголовном "
                "процессе включает только консультации социального работника и психолога и перевод для них.",
                "## Для семьи",
                "Несовершеннолетние члены семьи пострадавшего, живущие в Латвии, могут получить пять "
                "консультаций.",
                "## Если вы за границей",
                "Помощь можно начать, пока вы за границей: беседа может пройти дистанционно, дорогу в "
                "Латвию оплачивают и при необходимости вас сопровождают.",
                "Право на помощь имеют граждане Европейского союза и их несовершеннолетние дети, граждане "
                "других стран — в случаях, установленных законом.",
            ],
        ),
        "uk": (
            "Доступна допомога",
            "Оплачуваний державою курс соціальної реабілітації для постраждалих від торгівлі людьми, "
            "допомога після нього та підтримка родини.",
            [
                "## Курс реабілітації",
                "Курс триває до 180 днів, його проводять організації, з якими держава уклала договір. "
                "Допомога безоплатна і конфіденційна. Вона охоплює:\n"
                "- консультації соціального працівника, психолога, юриста, лікаря та інших фахівців;\n"
                "- безпечний притулок і житло за потреби, зокрема для неповнолітніх дітей;\n"
                "- їжу, одяг, ліки та інші речі першої необхідності;\n"
                "- допомогу з відновленням або перекладом відібраних чи втрачених документів;\n"
                "- підтримку в навчанні та пошуку роботи;\n"
                "- оплату дороги та супровід, зокрема під час повернення з-за кордону.",
                "Обсяг допомоги визначає індивідуальний план, який команда фахівців складає разом з вами. "
                "Зміст однаковий для дітей і дорослих.",
                "## Після курсу",
                "Допомога після курсу починається, коли 180-денний курс закінчився. Яка вона, залежить від того, "
                "чи отримуєте ви підтримку в кримінальному провадженні:\n"
                "- Якщо ви не отримуєте підтримки в кримінальному провадженні: п'ять індивідуальних консультацій "
                "по одній годині (юриста, соціального працівника чи психолога) протягом двох років після "
                "закінчення курсу.\n"
                "- Якщо вас визнано постраждалим або ви маєте статус свідка в кримінальному провадженні щодо "
                "торгівлі людьми (це підтверджує довідка правоохоронного органу): підтримка у зв'язку з "
                "провадженням — консультації юриста, соціального працівника і психолога, перекладач, допомога з "
                "юридичними документами та за потреби представництво в суді — до 150 годин на рік протягом "
                "трьох років. Тоді п'ять консультацій після курсу не надаються: обидві підтримки одночасно не "
                "отримують.\n"
                "- Якщо ви отримуєте забезпечувану державою правову допомогу, підтримка в кримінальному "
                "провадженні охоплює лише консультації соціального працівника і психолога та переклад для них.",
                "## Для родини",
                "Неповнолітні члени родини постраждалого, які живуть у Латвії, можуть отримати п'ять "
                "консультацій.",
                "## Якщо ви за кордоном",
                "Допомогу можна почати, поки ви за кордоном: розмова може відбутися дистанційно, дорогу до "
                "Латвії оплачують і за потреби вас супроводжують.",
                "Право на допомогу мають громадяни Європейського Союзу та їхні неповнолітні діти, громадяни "
                "інших країн — у випадках, визначених законом.",
            ],
        ),
    },
    {
        "slug": "how-to-get-help",
        "kind": "info",
        "parent": "info",
        "lv": (
            "Kā saņemt palīdzību",
            "Soli pa solim — no pirmā zvana līdz rehabilitācijas kursam, arī no ārzemēm.",
            [
                "! Briesmās | Ja jums tūlīt draud briesmas, zvaniet 112 vai Valsts policijai 110.",
                "## Soļi",
                "- 1. Sazinieties ar uzticības tālruni vai organizāciju no palīdzības saraksta. Varat rakstīt "
                "arī anonīmi šajā vietnē.\n"
                "- 2. Speciālists ar jums aprunāsies — klātienē vai attālināti, ja esat ārzemēs.\n"
                "- 3. Ja saruna parāda cilvēku tirdzniecības pazīmes, sanāk speciālistu komisija, kas "
                "izvērtē jūsu situāciju.\n"
                "- 4. Sociālās integrācijas valsts aģentūra trīs darba dienu laikā lemj par pakalpojuma "
                "piešķiršanu.\n"
                "- 5. Sākas rehabilitācijas kurss pēc jūsu individuālā plāna.",
                "Cietušo var atzīt arī kriminālprocesa virzītāja lēmums vai ārvalsts tiesībsargājošās "
                "iestādes paziņojums. Jums nav jāvēršas policijā, lai saņemtu palīdzību.",
                "## Valsts policija komisijā",
                "Speciālistu komisijā, ko sasauc palīdzības sniedzējs, vienmēr ir arī Valsts policijas "
                "amatpersona. Tā redz jūsu vārdu, uzvārdu un personas kodu un dzird, ko komisija apspriež par "
                "jūsu situāciju.\n"
                "Tas nozīmē, ka Valsts policija uzzina, kas jūs esat un ka jūs izvērtē kā iespējamu cilvēku "
                "tirdzniecības upuri. Lai saņemtu palīdzību, jums nav jāiesniedz iesniegums policijā — pietiek "
                "ar komisijas atzinumu —, taču mēs nevaram apsolīt, ka policija neko nedarīs ar to, ko uzzina. "
                "Ja tas jūs uztrauc, pirms komisijas pajautājiet palīdzības sniedzējam (tur ir arī jurists), ko "
                "tas nozīmē tieši jums.",
                "## No ārzemēm",
                "- Ārkārtas situācijā sazinieties ar Ārlietu ministrijas Konsulāro departamentu, tālrunis "
                "diennakts režīmā +371 26337711.\n"
                "- Uzticības tālrunis +371 28612120 strādā visu diennakti.\n"
                "- Ja varat, paturiet dokumentu kopijas drošā vietā.",
            ],
        ),
        "en": (
            "How to get help",
            "Step by step — from the first call to the rehabilitation course, also from abroad.",
            [
                "! In danger | If you are in danger right now, call 112 or the State Police on 110.",
                "## The steps",
                "- 1. Contact a hotline or an organisation from the list of help. You can also write "
                "anonymously on this site.\n"
                "- 2. A specialist talks with you — in person, or remotely if you are abroad.\n"
                "- 3. If the talk shows signs of trafficking, a commission of specialists meets to assess "
                "your situation.\n"
                "- 4. The Social Integration State Agency decides within three working days whether the "
                "service is granted.\n"
                "- 5. The rehabilitation course starts, following your individual plan.",
                "A person can also be recognised as a victim by a decision of the person directing criminal "
                "proceedings or by a statement of a foreign law-enforcement body. You do not have to go to "
                "the police to get help.",
                "## The State Police on the commission",
                "The commission of specialists that the provider of help convenes always includes a State "
                "Police official. The official sees your name, surname and personal code and hears what the "
                "commission discusses about your situation.\n"
                "This means that the State Police learns who you are and that you are being assessed as a "
                "possible victim of trafficking. You do not have to report to the police to get help — the "
                "commission's opinion is enough — but we cannot promise that the police will do nothing with "
                "what it learns. If this worries you, ask the provider of help (it has a lawyer) before the "
                "commission what it means for you.",
                "## From abroad",
                "- In an emergency, contact the Consular Department of the Ministry of Foreign Affairs, 24/7 "
                "phone +371 26337711.\n"
                "- The hotline +371 28612120 is open day and night.\n"
                "- If you can, keep copies of your documents in a safe place.",
            ],
        ),
        "ru": (
            "Как получить помощь",
            "Шаг за шагом — от первого звонка до курса реабилитации, в том числе из-за границы.",
            [
                "! Опасность | Если вам прямо сейчас угрожает опасность, звоните 112 или в Государственную "
                "полицию 110.",
                "## Шаги",
                "- 1. Свяжитесь с телефоном доверия или организацией из списка помощи. Можно также написать "
                "анонимно на этом сайте.\n"
                "- 2. Специалист поговорит с вами — лично или дистанционно, если вы за границей.\n"
                "- 3. Если беседа покажет признаки торговли людьми, собирается комиссия специалистов, "
                "которая оценит вашу ситуацию.\n"
                "- 4. Государственное агентство социальной интеграции в течение трёх рабочих дней решает, "
                "предоставить ли услугу.\n"
                "- 5. Начинается курс реабилитации по вашему индивидуальному плану.",
                "Пострадавшим человека может признать также решение лица, ведущего уголовный процесс, или "
                "заявление иностранного правоохранительного органа. Чтобы получить помощь, не обязательно "
                "обращаться в полицию.",
                "## Государственная полиция в комиссии",
                "В комиссию специалистов, которую созывает поставщик помощи, всегда входит и должностное лицо "
                "Государственной полиции. Оно видит ваши имя, фамилию и персональный код и слышит, что комиссия "
                "обсуждает о вашей ситуации.\n"
                "Это значит, что Государственная полиция узнаёт, кто вы, и что вас оценивают как возможную жертву "
                "торговли людьми. Чтобы получить помощь, не нужно подавать заявление в полицию — достаточно "
                "заключения комиссии, — но мы не можем обещать, что полиция ничего не сделает с тем, что узнает. "
                "Если это вас беспокоит, до комиссии спросите поставщика помощи (там есть юрист), что это значит "
                "именно для вас.",
                "## Из-за границы",
                "- В экстренной ситуации свяжитесь с Консульским департаментом Министерства иностранных дел, "
                "круглосуточный телефон +371 26337711.\n"
                "- Телефон доверия +371 28612120 работает круглосуточно.\n"
                "- Если можете, храните копии документов в надёжном месте.",
            ],
        ),
        "uk": (
            "Як отримати допомогу",
            "Крок за кроком — від першого дзвінка до курсу реабілітації, зокрема з-за кордону.",
            [
                "! Небезпека | Якщо вам просто зараз загрожує небезпека, телефонуйте 112 або до Державної "
                "поліції 110.",
                "## Кроки",
                "- 1. Зв'яжіться з телефоном довіри або організацією зі списку допомоги. Можна також написати "
                "анонімно на цьому сайті.\n"
                "- 2. Фахівець поговорить з вами — особисто або дистанційно, якщо ви за кордоном.\n"
                "- 3. Якщо розмова покаже ознаки торгівлі людьми, збирається комісія фахівців, яка оцінить "
                "вашу ситуацію.\n"
                "- 4. Державна агенція соціальної інтеграції протягом трьох робочих днів вирішує, чи надати "
                "послугу.\n"
                "- 5. Починається курс реабілітації за вашим індивідуальним планом.",
                "Постраждалим людину може визнати також рішення особи, яка веде кримінальне провадження, або "
                "заява іноземного правоохоронного органу. Щоб отримати допомогу, не обов'язково звертатися "
                "до поліції.",
                "## Державна поліція в комісії",
                "До комісії фахівців, яку скликає надавач допомоги, завжди входить і посадова особа Державної "
                "поліції. Вона бачить ваші ім'я, прізвище та персональний код і чує, що комісія обговорює щодо "
                "вашої ситуації.\n"
                "Це означає, що Державна поліція дізнається, хто ви, і що вас оцінюють як можливу жертву "
                "торгівлі людьми. Щоб отримати допомогу, не потрібно подавати заяву до поліції — достатньо "
                "висновку комісії, — але ми не можемо обіцяти, що поліція нічого не зробить із тим, що дізнається. "
                "Якщо це вас турбує, перед комісією запитайте надавача допомоги (там є юрист), що це означає "
                "саме для вас.",
                "## З-за кордону",
                "- У надзвичайній ситуації зв'яжіться з Консульським департаментом Міністерства закордонних "
                "справ, цілодобовий телефон +371 26337711.\n"
                "- Телефон довіри +371 28612120 працює цілодобово.\n"
                "- Якщо можете, зберігайте копії документів у безпечному місці.",
            ],
        ),
    },
    {
        "slug": "for-professionals",
        "kind": "info",
        "parent": "info",
        "lv": (
            "Speciālistiem",
            "Sociālajiem darbiniekiem, policijai, konsulārajiem darbiniekiem un uzticības tālruņu operatoriem: "
            "kā atpazīt un nosūtīt.",
            [
                "## Atpazīšanas kritēriji",
                "Speciālistu komisija (sociālais darbinieks, psihologs, jurists un Valsts policijas "
                "amatpersona) cilvēku atzīst par cietušo, ja konstatē pazīmes šajās grupās:\n"
                "- pārvietošana vai maldināšana: vervēšana, pārvadāšana, pārdošana vai cits darbs, nekā "
                "solīts;\n"
                "- kontrole un atkarība: parāds, atņemti dokumenti, nevar brīvi aiziet vai mainīt darbu;\n"
                "- draudi un vardarbība: arī pret ģimeni, pamatvajadzību liegšana, draudi ar izraidīšanu;\n"
                "- izolācija: ieslodzīšana, pastāvīga kontrole, iziešana tikai pavadībā.",
                "## Sociālā dienesta loma",
                "Pašvaldības sociālais dienests var satikt cilvēku pirms kursa, tā laikā vai pēc tā. Tas "
                "izvērtē situāciju, nosūta pie pakalpojuma sniedzēja un nodrošina ilgtermiņa gadījuma "
                "vadīšanu. Informāciju no pakalpojuma sniedzēja tas saņem tikai ar cilvēka piekrišanu.",
                "## Kā nosūtīt",
                "- Sarunā uzmanīgi jautājiet par migrāciju, darbu, personīgo drošību un sociālajām saitēm.\n"
                "- Ja redzat vienu vai vairākas pazīmes, sazinieties ar pakalpojuma sniedzēju vai uzticības "
                "tālruni.\n"
                "- Pakalpojuma sniedzējs rīko sarunu un sasauc komisiju; lēmumu pieņem Sociālās integrācijas "
                "valsts aģentūra.",
                "! Konfidencialitāte | Tas, ka cilvēks ir cietis no cilvēku tirdzniecības, ir konfidenciāla "
                "informācija. Atkārtota nonākšana tirgotāju rokās ir bieža, tāpēc svarīgs ir ilgstošs atbalsts.",
            ],
        ),
        "en": (
            "For professionals",
            "For social workers, police, consular staff and hotline operators: how to identify and refer.",
            [
                "## Identification criteria",
                "The specialist commission (a social worker, a psychologist, a lawyer and a State Police "
                "official) recognises a person as a victim when it finds signs in these groups:\n"
                "- movement or deception: recruitment, transport, sale, or other work than promised;\n"
                "- control and dependency: a debt, documents taken, cannot leave or change jobs freely;\n"
                "- threats and violence: also against the family, basic needs denied, threats of deportation;\n"
                "- isolation: confinement, constant control, going out only when accompanied.",
                "## The social services' role",
                "A municipal social service may meet a person before the course, during it or after it. It "
                "assesses the situation, refers the person to a service provider and runs long-term case "
                "management. It learns anything from the provider only with the person's consent.",
                "## How to refer",
                "- In the interview, ask carefully about migration, work, personal safety and social ties.\n"
                "- If you see one or more signs, contact a service provider or a hotline.\n"
                "- The provider interviews the person and convenes the commission; the Social Integration "
                "State Agency decides.",
                "! Confidentiality | That a person was trafficked is confidential. Being trafficked again is "
                "common, so long-term support matters.",
            ],
        ),
        "ru": (
            "Специалистам",
            "Социальным работникам, полиции, консульским работникам и операторам телефонов доверия: как "
            "распознать и направить.",
            [
                "## Критерии распознавания",
                "Комиссия специалистов (социальный работник, психолог, юрист и должностное лицо "
                "Государственной полиции) признаёт человека пострадавшим, если находит признаки в этих "
                "группах:\n"
                "- перемещение или обман: вербовка, перевозка, продажа или не та работа, что обещали;\n"
                "- контроль и зависимость: долг, отобранные документы, нельзя свободно уйти или сменить "
                "работу;\n"
                "- угрозы и насилие: в том числе семье, лишение базовых потребностей, угрозы высылкой;\n"
                "- изоляция: заточение, постоянный контроль, выход только в сопровождении.",
                "## Роль социальной службы",
                "Муниципальная социальная служба может встретить человека до курса, во время него или после. "
                "Она оценивает ситуацию, направляет к поставщику услуги и ведёт долгосрочную работу со "
                "случаем. Сведения от поставщика услуги она получает только с согласия человека.",
                "## Как направить",
                "- В беседе осторожно спрашивайте о миграции, работе, личной безопасности и социальных "
                "связях.\n"
                "- Если видите один или несколько признаков, свяжитесь с поставщиком услуги или телефоном "
                "доверия.\n"
                "- Поставщик проводит беседу и созывает комиссию; решение принимает Государственное "
                "агентство социальной интеграции.",
                "! Конфиденциальность | То, что человек пострадал от торговли людьми, — конфиденциальная "
                "информация. Повторное попадание к торговцам случается часто, поэтому важна долгосрочная "
                "поддержка.",
            ],
        ),
        "uk": (
            "Фахівцям",
            "Соціальним працівникам, поліції, консульським працівникам і операторам телефонів довіри: як "
            "розпізнати і скерувати.",
            [
                "## Критерії розпізнавання",
                "Комісія фахівців (соціальний працівник, психолог, юрист і посадова особа Державної поліції) "
                "визнає людину постраждалою, якщо знаходить ознаки в цих групах:\n"
                "- переміщення або обман: вербування, перевезення, продаж або не та робота, що обіцяли;\n"
                "- контроль і залежність: борг, відібрані документи, не можна вільно піти чи змінити "
                "роботу;\n"
                "- погрози і насильство: зокрема родині, позбавлення базових потреб, погрози видворенням;\n"
                "- ізоляція: ув'язнення, постійний контроль, вихід лише в супроводі.",
                "## Роль соціальної служби",
                "Муніципальна соціальна служба може зустріти людину до курсу, під час нього або після. Вона "
                "оцінює ситуацію, скеровує до надавача послуги та веде довгострокову роботу з випадком. "
                "Відомості від надавача послуги вона отримує лише за згодою людини.",
                "## Як скерувати",
                "- У розмові обережно питайте про міграцію, роботу, особисту безпеку та соціальні зв'язки.\n"
                "- Якщо бачите одну чи кілька ознак, зв'яжіться з надавачем послуги або телефоном довіри.\n"
                "- Надавач проводить розмову і скликає комісію; рішення ухвалює Державна агенція соціальної "
                "інтеграції.",
                "! Конфіденційність | Те, що людина постраждала від торгівлі людьми, — конфіденційна "
                "інформація. Повторне потрапляння до торгівців трапляється часто, тому важлива довгострокова "
                "підтримка.",
            ],
        ),
    },
    {
        "slug": "news",
        "kind": "news_index",
        "parent": "info",
        "lv": ("Jaunumi un aktivitātes", "Jaunumi par cilvēku tirdzniecības novēršanu un palīdzību cietušajiem.", []),
        "en": ("News and activities", "News about preventing human trafficking and helping victims.", []),
        "ru": ("Новости и мероприятия", "Новости о предотвращении торговли людьми и помощи пострадавшим.", []),
        "uk": ("Новини та заходи", "Новини про запобігання торгівлі людьми та допомогу постраждалим.", []),
    },
    {
        "slug": "events",
        "kind": "event_index",
        "parent": "info",
        "lv": ("Pasākumu kalendārs", "Apmācības, semināri un informatīvi pasākumi pa mēnešiem.", []),
        "en": ("Events calendar", "Training, seminars and information events, month by month.", []),
        "ru": ("Календарь мероприятий", "Обучение, семинары и информационные мероприятия по месяцам.", []),
        "uk": ("Календар заходів", "Навчання, семінари та інформаційні заходи за місяцями.", []),
    },
    {
        "slug": "contacts",
        "kind": "info",
        "parent": "info",
        "lv": (
            "Kontakti",
            "Svarīgākie tālruņi. Pilns organizāciju saraksts ar darba laikiem ir sadaļā „Kur saņemt palīdzību”.",
            [
                "- Ārkārtas situācijā: 112; Valsts policija: 110.\n"
                "- Cilvēku tirdzniecības uzticības tālrunis („Patvērums Drošā māja”): +371 28612120, "
                "+371 67898343, visu diennakti, bez maksas.\n"
                "- Resursu centrs sievietēm „Marta”: 8000 2012, darba dienās 10–18, bez maksas.\n"
                "- Ārlietu ministrijas Konsulārais departaments (ārkārtas situācijās ārzemēs): +371 26337711, "
                "visu diennakti.\n"
                "- Valsts darba inspekcija: 67186522; anonīmais tālrunis 67312176.\n"
                "- Bērnu un pusaudžu uzticības tālrunis: 116111.",
            ],
        ),
        "en": (
            "Contacts",
            "The most important numbers. The full list of organisations with opening hours is under "
            "“Where to get help”.",
            [
                "- Emergency: 112; State Police: 110.\n"
                "- Trafficking hotline (“Patvērums Drošā māja”): +371 28612120, +371 67898343, day and "
                "night, free.\n"
                "- Resource centre for women “Marta”: 8000 2012, weekdays 10–18, free.\n"
                "- Consular Department of the Ministry of Foreign Affairs (emergencies abroad): "
                "+371 26337711, day and night.\n"
                "- State Labour Inspectorate: 67186522; anonymous line 67312176.\n"
                "- Helpline for children and adolescents: 116111.",
            ],
        ),
        "ru": (
            "Контакты",
            "Самые важные телефоны. Полный список организаций с часами работы — в разделе «Где получить "
            "помощь».",
            [
                "- В экстренной ситуации: 112; Государственная полиция: 110.\n"
                "- Телефон доверия по торговле людьми («Patvērums Drošā māja»): +371 28612120, +371 67898343, "
                "круглосуточно, бесплатно.\n"
                "- Ресурсный центр для женщин «Marta»: 8000 2012, по рабочим дням 10–18, бесплатно.\n"
                "- Консульский департамент Министерства иностранных дел (экстренные ситуации за границей): "
                "+371 26337711, круглосуточно.\n"
                "- Государственная инспекция труда: 67186522; анонимный телефон 67312176.\n"
                "- Телефон доверия для детей и подростков: 116111.",
            ],
        ),
        "uk": (
            "Контакти",
            "Найважливіші телефони. Повний список організацій з годинами роботи — у розділі «Де отримати "
            "допомогу».",
            [
                "- У надзвичайній ситуації: 112; Державна поліція: 110.\n"
                "- Телефон довіри щодо торгівлі людьми («Patvērums Drošā māja»): +371 28612120, "
                "+371 67898343, цілодобово, безкоштовно.\n"
                "- Ресурсний центр для жінок «Marta»: 8000 2012, у робочі дні 10–18, безкоштовно.\n"
                "- Консульський департамент Міністерства закордонних справ (надзвичайні ситуації за "
                "кордоном): +371 26337711, цілодобово.\n"
                "- Державна інспекція праці: 67186522; анонімний телефон 67312176.\n"
                "- Телефон довіри для дітей і підлітків: 116111.",
            ],
        ),
    },
]
