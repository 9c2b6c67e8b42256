"""Navigational queries: the shopper names a product (a model, maybe with
its storage, size or colour) and wants that product first; its other
variants next; neighbouring models and accessories for it are at most
grade 1."""

from .judge import ANY, NEW, PHONE_ACC, B, F, FOR, FP, K, LEAF, M, Query, T, phone


def phone_query(text, family, storage=None, colour=None, neighbours=(), close=(), kind="navigational"):
    """A phone by model (and storage or colour): that phone 3; its other
    variants and refurbished units 2; `close` models 2; `neighbours` and
    accessories made for it 1."""
    exact = phone(family) & NEW & ~M("prepaid", True)
    if storage:
        exact = exact & M("storage", storage)
    if colour:
        exact = exact & M("color", colour)
    what = family + (f" with {storage} GB" if storage else "") + (f" in {colour}" if colour else "")
    rules = [(3, exact), (2, phone(family)), (2, phone(*close) if close else ~ANY),
             (1, phone(*neighbours) if neighbours else ~ANY), (1, PHONE_ACC & FOR(family))]
    return Query(text, kind, f"A {what} (new, any carrier); other {family} variants next.", rules)


def product_query(text, intent, exact, close=None, far=None, kind="navigational", top=None):
    rules = [(3, exact)]
    if close is not None:
        rules.append((2, close))
    if far is not None:
        rules.append((1, far))
    return Query(text, kind, intent, rules, top=top)


GAMING_CONSOLE = K("console")
PS5_CONSOLE = GAMING_CONSOLE & F("PS5")
PS5_RELATED = FOR("PS5") | (K("vr_headset", "handheld_player") & F("PS5"))
SWITCHES = GAMING_CONSOLE & F("Nintendo Switch", "Nintendo Switch OLED", "Nintendo Switch Lite")
AIRPODS_PRO = K("earbuds") & FP("AirPods Pro")


def airpods_pro(text, kind):
    return product_query(
        text, "Apple AirPods Pro (the current, 2nd generation, new); older or refurbished AirPods Pro next.",
        AIRPODS_PRO & F("AirPods Pro (2nd generation)") & NEW, AIRPODS_PRO,
        (K("earbuds") & FP("AirPods")) | FOR("AirPods Pro (2nd generation)", "AirPods Pro (1st generation)"), kind)


def macbook_air(text, kind):
    return product_query(text, "A MacBook Air laptop (new); refurbished ones next; MacBook Pro and MacBook Air accessories far.",
                         K("laptop") & F("MacBook Air") & NEW, K("laptop") & F("MacBook Air"),
                         (K("laptop") & F("MacBook Pro")) | FOR("MacBook Air"), kind)


def ps5(text, kind):
    return product_query(text, "A PlayStation 5 console (any edition or bundle); PS5 games and accessories far.",
                         PS5_CONSOLE, None, PS5_RELATED, kind)


QUERIES = [
    phone_query("iphone 7 32gb", "iPhone 7", storage=32, neighbours=["iPhone 7 Plus"]),
    phone_query("iphone 7", "iPhone 7", neighbours=["iPhone 7 Plus"]),
    phone_query("iphone 7 plus", "iPhone 7 Plus", neighbours=["iPhone 7", "iPhone 8 Plus"]),
    phone_query("iphone 8 64gb", "iPhone 8", storage=64, neighbours=["iPhone 8 Plus"]),
    phone_query("iphone x", "iPhone X"),
    phone_query("iphone 11 128gb", "iPhone 11", storage=128),
    phone_query("iphone 12", "iPhone 12", neighbours=["iPhone 13"]),
    phone_query("iphone 13", "iPhone 13", neighbours=["iPhone 13 Pro Max", "iPhone 14"]),
    phone_query("iphone 14 pro", "iPhone 14 Pro", neighbours=["iPhone 14"]),
    phone_query("iphone 15 pro max 256gb", "iPhone 15 Pro Max", storage=256, neighbours=["iPhone 15 Pro"]),
    phone_query("iphone 15 pink", "iPhone 15", colour="Pink", neighbours=["iPhone 15 Pro"]),
    phone_query("samsung galaxy s7", "Galaxy S7", neighbours=["Galaxy S7 edge"]),
    phone_query("galaxy s8 plus", "Galaxy S8+", neighbours=["Galaxy S8"]),
    phone_query("galaxy s9 64gb", "Galaxy S9", storage=64, neighbours=["Galaxy S9+"]),
    phone_query("galaxy s10", "Galaxy S10", neighbours=["Galaxy S10+"]),
    phone_query("galaxy s21 ultra", "Galaxy S21 Ultra 5G", neighbours=["Galaxy S21 5G"]),
    phone_query("galaxy s23", "Galaxy S23", close=["Galaxy S23 Ultra"], neighbours=["Galaxy S24"]),
    phone_query("galaxy note 9", "Galaxy Note9", neighbours=["Galaxy Note8", "Galaxy Note20 Ultra 5G"]),
    phone_query("galaxy a14", "Galaxy A14 5G", neighbours=["Galaxy A54 5G"]),
    phone_query("galaxy s24 ultra", "Galaxy S24 Ultra", close=["Galaxy S24"], neighbours=["Galaxy S23 Ultra"]),
    phone_query("galaxy z flip 5", "Galaxy Z Flip5", neighbours=["Galaxy Z Fold5"]),
    phone_query("pixel 8", "Pixel 8", close=["Pixel 8 Pro"], neighbours=["Pixel 7", "Pixel 7a"]),
    phone_query("pixel 7a", "Pixel 7a", close=["Pixel 7"]),
    phone_query("moto g power", "moto g power (2022)", neighbours=["moto g stylus 5G (2023)", "moto g play (2023)"]),
    macbook_air("macbook air", "navigational"),
    product_query("macbook pro 14", "A 14-inch MacBook Pro; the 16-inch next; other MacBooks and MacBook Pro accessories far.",
                  K("laptop") & F("MacBook Pro") & M("screen", 14.2), K("laptop") & F("MacBook Pro"),
                  (K("laptop") & F("MacBook Air")) | FOR("MacBook Pro")),
    product_query("dell xps 13", "A Dell XPS 13 (new); a refurbished one next; the XPS 15 and XPS chargers far.",
                  K("laptop") & F("XPS 13") & NEW, K("laptop") & F("XPS 13"), (K("laptop") & F("XPS 15")) | FOR("XPS 13")),
    product_query("thinkpad x1 carbon", "A Lenovo ThinkPad X1 Carbon; other ThinkPads far.",
                  K("laptop") & F("ThinkPad X1 Carbon Gen 11"), None, (K("laptop") & FP("ThinkPad")) | FOR("ThinkPad X1 Carbon Gen 11")),
    product_query("hp spectre x360", "An HP Spectre x360 (14 or 16 inch); other HP 2-in-1s far.",
                  K("laptop") & FP("Spectre x360"), None, K("laptop") & B("HP") & LEAF("2-in-1 Laptops")),
    product_query("ideapad 3", "A Lenovo IdeaPad 3 laptop; the IdeaPad 3 Chromebook next; other IdeaPads far.",
                  K("laptop") & F("IdeaPad 3"), K("chromebook") & F("IdeaPad 3 Chromebook"), K("laptop") & FP("IdeaPad")),
    product_query("inspiron 15", "A Dell Inspiron 15 laptop; other Inspirons far.",
                  K("laptop") & F("Inspiron 15"), None, (K("laptop", "desktop") & FP("Inspiron")) | FOR("Inspiron 15")),
    product_query("surface pro 9", "A Microsoft Surface Pro 9; the Surface Laptop far.",
                  F("Surface Pro 9"), None, F("Surface Laptop 5")),
    ps5("ps5", "navigational"),
    product_query("playstation 5 console", "A PlayStation 5 console; PS5 accessories far.", PS5_CONSOLE, None, PS5_RELATED),
    product_query("xbox series x", "An Xbox Series X console (bundles too); the Series S next; Xbox accessories and Series X games far.",
                  GAMING_CONSOLE & F("Xbox Series X"), GAMING_CONSOLE & F("Xbox Series S"), FOR("Xbox Series X")),
    product_query("nintendo switch oled", "A Nintendo Switch OLED Model; other Switch consoles next; Switch OLED accessories far.",
                  GAMING_CONSOLE & F("Nintendo Switch OLED"), SWITCHES, FOR("Nintendo Switch OLED")),
    product_query("switch lite", "A Nintendo Switch Lite; other Switch consoles next; Switch Lite accessories far.",
                  GAMING_CONSOLE & F("Nintendo Switch Lite"), SWITCHES, FOR("Nintendo Switch Lite")),
    product_query("mario kart 8 deluxe", "The game Mario Kart 8 Deluxe; the Switch bundle that includes it next; other Mario games far.",
                  K("game") & F("Mario Kart 8 Deluxe"), GAMING_CONSOLE & T("Mario Kart"), K("game") & T("Mario")),
    product_query("zelda tears of the kingdom", "The game The Legend of Zelda: Tears of the Kingdom; the Zelda edition Switch next; other Zelda games far.",
                  K("game") & F("The Legend of Zelda: Tears of the Kingdom"), GAMING_CONSOLE & T("Tears of the Kingdom"),
                  K("game") & T("Zelda")),
    product_query("spider-man 2 ps5", "The PS5 game Marvel's Spider-Man 2; the PS5 bundle with it next; other Spider-Man games far (not the films).",
                  K("game") & F("Marvel's Spider-Man 2 Standard Edition"), GAMING_CONSOLE & T("Spider-Man 2"),
                  K("game") & T("Spider-Man")),
    product_query("pokemon scarlet", "The game Pokémon Scarlet; its twin Pokémon Violet next; other Pokémon games far.",
                  K("game") & F("Pokémon Scarlet"), K("game") & F("Pokémon Violet"), K("game") & T("Pokémon")),
    product_query("call of duty modern warfare 3", "Call of Duty: Modern Warfare III on any platform; the PS5 bundle with it next; other Call of Duty far.",
                  K("game") & F("Call of Duty: Modern Warfare III"), GAMING_CONSOLE & T("Modern Warfare III"),
                  K("game") & T("Call of Duty")),
    product_query("meta quest 3", "A Meta Quest 3 headset; the Quest 2 far.", F("Quest 3"), None, F("Quest 2")),
    airpods_pro("airpods pro", "navigational"),
    product_query("airpods max", "Apple AirPods Max in any colour; other AirPods and AirPods Max accessories far.",
                  F("AirPods Max") & K("headphones"), None, (K("earbuds") & FP("AirPods")) | FOR("AirPods Max")),
    product_query("sony wh-1000xm5", "The Sony WH-1000XM5 headphones; the XM4 next; Sony's XM5 earbuds far.",
                  F("WH-1000XM5"), F("WH-1000XM4"), F("WF-1000XM5")),
    product_query("bose quietcomfort ultra", "Bose QuietComfort Ultra headphones or earbuds; other QuietComfort next; other Bose headphones far.",
                  B("Bose") & FP("QuietComfort Ultra") & NEW, B("Bose") & FP("QuietComfort") & K("headphones", "earbuds"),
                  B("Bose") & K("headphones", "earbuds")),
    product_query("beats studio pro", "Beats Studio Pro headphones; the Studio3 next; Studio Buds far.",
                  B("Beats") & F("Studio Pro"), B("Beats") & F("Studio3"), B("Beats") & F("Studio Buds +")),
    product_query("jbl flip 6", "A JBL Flip 6 speaker in any colour; other JBL portable speakers far.",
                  B("JBL") & F("Flip 6"), None, B("JBL") & K("speaker")),
    product_query("galaxy buds 2 pro", "Samsung Galaxy Buds2 Pro; Galaxy Buds FE far.", F("Galaxy Buds2 Pro"), None, F("Galaxy Buds FE")),
    product_query("gopro hero 12", "A GoPro HERO12 Black (the bundle too); the HERO11 next; GoPro accessories far.",
                  K("action_camera") & F("HERO12 Black"), K("action_camera") & FP("HERO11"), FOR("GoPro")),
    product_query("canon eos rebel t7", "A Canon EOS Rebel T7 kit; the T8i, its battery and EF lenses far.",
                  K("camera") & F("EOS Rebel T7"), None, (K("camera") & F("EOS Rebel T8i")) | FOR("EOS Rebel T7") | (K("lens") & FOR("Canon EF"))),
    product_query("nikon z50", "A Nikon Z50 kit; the Z fc, Z lenses and its battery far.",
                  K("camera") & F("Z50"), None, (K("camera") & F("Z fc")) | FOR("Z50") | (K("lens") & FOR("Nikon Z"))),
    product_query("sony a7 iv", "The Sony Alpha 7 IV camera; the Alpha 7 III next; E-mount lenses and its battery far.",
                  K("camera") & F("Alpha 7 IV"), K("camera") & F("Alpha 7 III"), FOR("Alpha 7 IV") | (K("lens") & FOR("Sony E"))),
    product_query("apple watch series 9", "An Apple Watch Series 9 (any size, colour, GPS or cellular); other Apple Watches next; bands far.",
                  K("smartwatch") & F("Apple Watch Series 9"), K("smartwatch") & FP("Apple Watch"), FOR("Apple Watch Series 9")),
    product_query("galaxy watch 6", "A Samsung Galaxy Watch6; the Watch6 Classic next; other Galaxy Watches and Watch6 bands far.",
                  K("smartwatch") & F("Galaxy Watch6"), K("smartwatch") & F("Galaxy Watch6 Classic"),
                  (K("smartwatch") & FP("Galaxy Watch")) | FOR("Galaxy Watch6")),
    product_query("fitbit charge 6", "A Fitbit Charge 6; Charge 6 bands and the Inspire 3 far.",
                  F("Charge 6") & K("fitness_tracker"), None, FOR("Charge 6") | F("Inspire 3")),
    product_query("garmin fenix 7", "A Garmin fēnix 7; other Garmin watches and fēnix bands far.",
                  F("fēnix 7 Pro Solar") & K("smartwatch"), None, (B("Garmin") & K("smartwatch")) | FOR("fēnix 7 Pro Solar")),
    product_query("lg oled c3 65", "The 65-inch LG C3 OLED TV; other C3 sizes next; other LG 65-inch OLEDs far.",
                  K("tv") & F("LG C3") & M("screen", 65), K("tv") & F("LG C3"), K("tv") & B("LG") & M("display", "OLED") & M("screen", 65)),
    product_query("samsung the frame", "A Samsung The Frame TV in any size; its wall mount far.",
                  K("tv") & T("The Frame"), None, FOR("The Frame")),
    product_query("tcl 4 series", "A TCL 4-Series TV in any size; other TCL TVs far.", K("tv") & F("TCL 4-Series"), None, K("tv") & B("TCL")),
    product_query("dyson v15", "The Dyson V15 Detect vacuum; Dyson's other cordless vacuums next.",
                  F("Dyson V15 Detect"), K("vacuum") & F("Dyson Gen5detect", "Dyson V11"), K("vacuum") & B("Dyson")),
    product_query("roomba", "An iRobot Roomba robot vacuum; Roomba parts and other robot vacuums far.",
                  K("robot_vacuum") & FP("Roomba"), None, FOR("Roomba") | K("robot_vacuum")),
    product_query("ninja air fryer", "A Ninja air fryer; other air fryers far.", K("air_fryer") & B("Ninja"), None, K("air_fryer", "toaster_oven")),
    product_query("keurig k-classic", "The Keurig K-Classic coffee maker; other Keurig brewers next; K-Cup pods far.",
                  K("coffee_maker") & T("K-Classic"), K("coffee_maker") & B("Keurig"), FOR("Keurig")),
    product_query("ipad 10th generation", "An iPad (10th generation); its cases, keyboards and pencils, and the 9th generation far.",
                  K("tablet") & F("iPad (10th generation)"), None, FOR("iPad (10th generation)") | (K("tablet") & F("iPad (9th generation)"))),
    product_query("ipad pro", "An iPad Pro (11 or 12.9 inch); iPad Pro keyboards and pencils far.",
                  K("tablet") & FP("iPad Pro"), None, FOR("iPad Pro 11", "iPad Pro 12.9")),
    product_query("galaxy tab s9", "A Samsung Galaxy Tab S9; the Tab S9 FE next; their covers far.",
                  K("tablet") & F("Galaxy Tab S9"), K("tablet") & F("Galaxy Tab S9 FE"), FOR("Galaxy Tab S9", "Galaxy Tab S9 FE")),
    product_query("fire tv stick", "An Amazon Fire TV Stick; other streaming sticks next.",
                  K("streaming") & T("Fire TV Stick"), K("streaming") & T("Stick|Chromecast")),
    product_query("apple tv 4k", "The Apple TV 4K streaming player; other streaming players far (not 4K TVs).",
                  K("streaming") & T("Apple - TV 4K"), None, K("streaming")),
    product_query("echo dot", "An Amazon Echo Dot; other Echo speakers far.", T("Echo Dot"), None, K("smart_speaker") & B("Amazon")),
    product_query("nest thermostat", "A Google Nest thermostat; other smart thermostats next.",
                  K("thermostat") & B("Google"), K("thermostat")),
    product_query("ring doorbell", "A Ring video doorbell; other video doorbells next; other Ring devices far.",
                  K("doorbell") & B("Ring"), K("doorbell"), B("Ring")),
]
