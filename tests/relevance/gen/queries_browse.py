"""Brand, category and unit queries: the shopper names a brand, a kind of
product, or a size or capacity. Every product of that brand or kind is
grade 3 (popularity is the engine's business, not the judgment's); close
kinds 2; complements 1."""

from .judge import NEW, B, F, FOR, FOR_PREFIX, FP, K, LEAF, M, P, PRICE, Query, T, phone

HEADPHONES = K("headphones")
EARBUDS = K("earbuds")
WIRELESS = M("wireless", True)
ANC = M("anc", True)
LAPTOPS = K("laptop", "chromebook")
TVS = K("tv")
SMARTWATCH = K("smartwatch")
SPEAKER = K("speaker")
ROBOT = K("robot_vacuum")
VACUUM = K("vacuum")
CAMERAS = K("camera")
UNLOCKED = K("phone") & M("carrier", "Unlocked")
GAMING_HEADSET = K("gaming_headset") | ((HEADPHONES | EARBUDS) & M("gaming", True))
POWER_BANK = K("power_bank")
SD_CARDS = K("sd_card", "microsd_card")


def storage_gb(gb):
    return P(lambda p: p["attributes"].get("storage_gb") == gb)


def brand_query(text, brand, also=None, for_what=None, kind="brand"):
    rules = [(3, B(brand))]
    if also is not None:
        rules.append((3, also))
    if for_what is not None:
        rules.append((1, for_what))
    return Query(text, kind, f"Anything by {brand}" + ("; products made for it far." if for_what is not None else "."), rules)


def q(text, kind, intent, *rules, top=None):
    return Query(text, kind, intent, list(rules), top=top)


def headphones(text, kind="category"):
    return q(text, kind, "Headphones (over- or on-ear); earbuds next; gaming headsets and headphone accessories far.",
             (3, HEADPHONES), (2, EARBUDS), (1, K("gaming_headset", "headphone_accessory")))


def laptops(text, kind="category"):
    return q(text, kind, "A laptop (Windows, Mac or Chromebook, new); refurbished ones next; laptop bags and chargers far.",
             (3, LAPTOPS & NEW), (2, LAPTOPS), (1, K("laptop_sleeve", "laptop_bag", "laptop_charger")))


def bluetooth_speakers(text, kind="category"):
    return q(text, kind, "A portable Bluetooth speaker; smart speakers next.", (3, SPEAKER), (2, K("smart_speaker")))


def smartwatches(text, kind="category"):
    return q(text, kind, "A smartwatch; fitness trackers next; bands and chargers far.",
             (3, SMARTWATCH), (2, K("fitness_tracker")), (1, K("watch_band", "watch_charger")))


def fridges(text, kind="category"):
    return q(text, kind, "A full-size refrigerator; mini fridges next; fridge water filters far.",
             (3, K("refrigerator")), (2, K("mini_fridge")), (1, K("fridge_filter")))


def tv_size(size):
    return TVS & M("screen", size)


def mounts_for(size):
    def fits(p):
        import re
        found = re.search(r'(\d+)" - (\d+)"', p["title"])
        return p.meta["kind"] == "tv_mount" and found and int(found[1]) <= size <= int(found[2])
    return P(fits)


QUERIES = [
    brand_query("otterbox", "OtterBox"),
    brand_query("bose", "Bose"),
    brand_query("samsung", "Samsung", for_what=FOR_PREFIX("Galaxy")),
    brand_query("apple", "Apple", also=K("smartwatch") & FP("Apple Watch"), for_what=FOR_PREFIX("iPhone") | FOR_PREFIX("iPad")
                | FOR_PREFIX("MacBook") | FOR_PREFIX("AirPods") | FOR_PREFIX("Apple Watch")),
    brand_query("sony", "Sony", for_what=FOR("Sony E", "PS5")),
    brand_query("jbl", "JBL"),
    brand_query("beats", "Beats"),
    brand_query("lifeproof", "LifeProof"),
    brand_query("zagg", "ZAGG"),
    brand_query("lg", "LG"),
    brand_query("canon", "Canon", for_what=FOR("Canon EF", "Canon RF")),
    brand_query("dyson", "Dyson"),
    brand_query("garmin", "Garmin"),
    brand_query("logitech", "Logitech"),
    brand_query("insignia", "Insignia"),
    brand_query("nintendo", "Nintendo", for_what=FOR("Nintendo Switch", "Nintendo Switch OLED", "Nintendo Switch Lite")),
    brand_query("gopro", "GoPro", for_what=FOR("GoPro")),
    brand_query("kitchenaid", "KitchenAid"),
    brand_query("vizio", "VIZIO"),
    q("wireless headphones", "category", "Wireless headphones (over- or on-ear); wireless earbuds next; wireless gaming headsets far.",
      (3, HEADPHONES & WIRELESS), (2, EARBUDS & WIRELESS), (1, GAMING_HEADSET & T("Wireless"))),
    q("4k tv", "category", "A 4K TV of any size or brand; TVs below 4K far.", (3, TVS & M("resolution", "4K")), (1, TVS)),
    laptops("laptop"),
    q("gaming laptop", "category", "A gaming laptop; gaming desktops far.",
      (3, LAPTOPS & M("gaming", True)), (1, K("desktop") & M("gaming", True))),
    q("noise cancelling headphones", "category", "Noise cancelling headphones; noise cancelling earbuds next; other headphones far.",
      (3, HEADPHONES & ANC), (2, EARBUDS & ANC), (1, HEADPHONES)),
    bluetooth_speakers("bluetooth speaker"),
    smartwatches("smart watch"),
    q("tablet", "category", "A tablet; the Surface Pro 2-in-1 next; tablet accessories far.",
      (3, K("tablet")), (2, F("Surface Pro 9")), (1, K("tablet_case", "tablet_keyboard", "stylus"))),
    q("dslr camera", "category", "A DSLR camera; mirrorless cameras next; lenses and camera bags far.",
      (3, CAMERAS & LEAF("DSLR Cameras")), (2, CAMERAS & LEAF("Mirrorless Cameras")), (1, K("lens", "camera_bag"))),
    q("mirrorless camera", "category", "A mirrorless camera; DSLRs next; lenses far.",
      (3, CAMERAS & LEAF("Mirrorless Cameras")), (2, CAMERAS & LEAF("DSLR Cameras")), (1, K("lens"))),
    q("action camera", "category", "An action camera (GoPro and the like); action camera mounts far.",
      (3, K("action_camera")), (1, K("action_mount"))),
    q("unlocked phones", "category", "An unlocked cell phone (new); refurbished unlocked next; carrier phones far.",
      (3, UNLOCKED & NEW), (2, UNLOCKED), (1, K("phone"))),
    q("cell phones", "category", "A cell phone (new, any brand or carrier); refurbished and prepaid phones next.",
      (3, K("phone") & NEW & ~M("prepaid", True)), (2, K("phone"))),
    fridges("refrigerator"),
    q("washing machine", "category", "A washer (or washer-dryer combo); dryers far.",
      (3, K("washer", "washer_dryer")), (1, K("dryer"))),
    q("microwave", "category", "A microwave oven.", (3, K("microwave"))),
    q("coffee maker", "category", "A coffee maker; espresso machines next; coffee pods far.",
      (3, K("coffee_maker")), (2, K("espresso_maker")), (1, K("coffee_pods"))),
    q("robot vacuum", "category", "A robot vacuum; other vacuums and robot vacuum parts far.",
      (3, ROBOT), (1, VACUUM | FOR("Roomba"))),
    q("soundbar", "category", "A soundbar; subwoofers and AV receivers far.", (3, K("soundbar")), (1, K("subwoofer", "receiver"))),
    q("gaming headset", "category", "A gaming headset; other headphones far.", (3, GAMING_HEADSET), (1, HEADPHONES)),
    q("portable charger", "category", "A portable charger (power bank); wall and car chargers far.",
      (3, POWER_BANK), (1, K("charger", "car_charger"))),
    q("wireless charger", "category", "A wireless charger (pad, stand, MagSafe); magnetic battery packs next; wired chargers far.",
      (3, K("wireless_charger")), (2, POWER_BANK & M("connector", "MagSafe")), (1, K("charger", "watch_charger"))),
    q("hdmi cable", "category", "An HDMI cable.", (3, K("hdmi_cable"))),
    q("tv wall mount", "category", "A TV wall mount.", (3, K("tv_mount"))),
    q("memory card", "category", "A memory card (SD or microSD); USB flash drives far.", (3, SD_CARDS), (1, K("flash_drive"))),
    q("gaming monitor", "category", "A gaming monitor; other monitors far.",
      (3, K("monitor") & M("gaming", True)), (1, K("monitor"))),
    q("oled tv", "category", "An OLED TV; QLED and Mini-LED TVs far.",
      (3, TVS & M("display", "OLED")), (1, TVS & M("display", "QLED", "Mini-LED"))),
    q("earbuds", "category", "Earbuds (true wireless or in-ear); earbud cases and tips far.",
      (3, EARBUDS), (1, K("headphone_accessory") & FOR_PREFIX("AirPods"))),
    q("chromebook", "category", "A Chromebook; other laptops far.", (3, K("chromebook")), (1, K("laptop"))),
    q("printer", "category", "A printer; ink and toner far.", (3, K("printer")), (1, K("ink"))),
    q("wifi router", "category", "A Wi-Fi router or mesh system; range extenders and modems far.",
      (3, K("router")), (1, K("range_extender", "modem"))),
    q("air fryer", "category", "An air fryer; an air-fryer toaster oven next; ranges with air fry far.",
      (3, K("air_fryer")), (2, K("toaster_oven")), (1, K("range") & T("Air Fry"))),
    q("video doorbell", "category", "A video doorbell.", (3, K("doorbell"))),
    q("external hard drive", "category", "An external hard drive or portable SSD; internal SSDs and flash drives far.",
      (3, K("hard_drive", "portable_ssd")), (1, K("internal_ssd", "flash_drive"))),
    q("electric toothbrush", "category", "An electric toothbrush.", (3, K("toothbrush"))),
    q("turntable", "category", "A turntable (record player).", (3, K("turntable"))),
    q("kids tablet", "category", "A tablet made for kids; other low-cost tablets next; other tablets far.",
      (3, K("tablet") & M("kids", True)), (2, K("tablet") & PRICE(0, 260)), (1, K("tablet"))),
    q("iphone", "category", "An iPhone (new, any model); refurbished and prepaid iPhones next; iPhone accessories far.",
      (3, K("phone") & FP("iPhone") & NEW & ~M("prepaid", True)), (2, K("phone") & FP("iPhone")),
      (1, FOR_PREFIX("iPhone"))),
    q("macbook", "category", "A MacBook (Air or Pro, new); refurbished MacBooks next; MacBook accessories far.",
      (3, K("laptop") & FP("MacBook") & NEW), (2, K("laptop") & FP("MacBook")), (1, FOR_PREFIX("MacBook"))),
    q("xbox", "category", "An Xbox console; Xbox controllers next; Xbox games and accessories far.",
      (3, K("console") & FP("Xbox")), (2, K("controller") & FOR_PREFIX("Xbox")), (1, FOR_PREFIX("Xbox"))),
    q("tv", "category", "A TV of any size; TV mounts, soundbars and streaming players far.",
      (3, TVS), (1, K("tv_mount", "soundbar", "streaming"))),
    q("camera", "category", "A camera (digital, action or instant); camcorders next; camera accessories and security cameras far.",
      (3, K("camera", "action_camera", "instant_camera")), (2, K("camcorder")),
      (1, K("lens", "camera_bag", "tripod", "security_camera"))),
    q("nintendo switch games", "category", "A Nintendo Switch game; Switch consoles far.",
      (3, K("game") & FOR("Nintendo Switch")), (1, K("console") & FP("Nintendo Switch"))),
    q("ps4 games", "category", "A PlayStation 4 game; PS5 games far.", (3, K("game") & FOR("PS4")), (1, K("game") & FOR("PS5"))),
    q("65 inch tv", "units", 'A 65" TV; wall mounts that fit one far.', (3, tv_size(65)), (1, mounts_for(65))),
    q("55 inch tv", "units", 'A 55" TV; wall mounts that fit one far.', (3, tv_size(55)), (1, mounts_for(55))),
    q("43 inch tv", "units", 'A 43" TV; wall mounts that fit one far.', (3, tv_size(43)), (1, mounts_for(43))),
    q("32 gb", "units", "Something with 32 GB of storage (a phone, tablet, card or drive).", (3, storage_gb(32))),
    q("iphone 13 128 gb", "units", "An iPhone 13 with 128 GB; other iPhone 13 next; the 13 Pro Max 128 GB far.",
      (3, phone("iPhone 13") & M("storage", 128) & NEW), (2, phone("iPhone 13")),
      (1, phone("iPhone 13 Pro Max") & M("storage", 128))),
    q("iphone 15 128gb", "units", "An iPhone 15 with 128 GB; other iPhone 15 next; the 15 Pro 128 GB far.",
      (3, phone("iPhone 15") & M("storage", 128) & NEW), (2, phone("iPhone 15")), (1, phone("iPhone 15 Pro") & M("storage", 128))),
    q("75 inch samsung tv", "units", 'A 75" Samsung TV; other Samsung TVs next; other 75" TVs far.',
      (3, tv_size(75) & B("Samsung")), (2, TVS & B("Samsung")), (1, tv_size(75))),
    q("samsung 65 inch qled", "units", 'A 65" Samsung QLED (or Neo QLED) TV; Samsung QLEDs of other sizes next; other 65" Samsung TVs far.',
      (3, tv_size(65) & B("Samsung") & M("display", "QLED", "Mini-LED")), (2, TVS & B("Samsung") & M("display", "QLED", "Mini-LED")),
      (1, tv_size(65) & B("Samsung"))),
    q("1tb ssd", "units", "A 1 TB SSD (portable or internal); other SSDs next; other 1 TB storage far.",
      (3, K("portable_ssd", "internal_ssd") & storage_gb(1024)), (2, K("portable_ssd", "internal_ssd")),
      (1, K("console_storage", "hard_drive") & T("1TB"))),
    q("15.6 inch laptop", "units", 'A laptop with a 15.6" screen; 15.6" sleeves and bags far.',
      (3, LAPTOPS & M("screen", 15.6)), (1, K("laptop_sleeve", "laptop_bag") & T('15.6"'))),
    q("16gb ram laptop", "units", "A laptop with 16 GB of memory; laptops with more next; other laptops far.",
      (3, LAPTOPS & M("ram", 16)), (2, LAPTOPS & M("ram", 18, 32, 36)), (1, LAPTOPS)),
    q("256gb micro sd", "units", "A 256 GB microSD card; other microSD cards next; 256 GB SD cards far.",
      (3, K("microsd_card") & storage_gb(256)), (2, K("microsd_card")), (1, K("sd_card") & storage_gb(256))),
    q("27 inch monitor", "units", 'A 27" monitor; other monitors far.', (3, K("monitor") & M("screen", 27)), (1, K("monitor"))),
    q("10000mah power bank", "units", "A 10,000 mAh power bank; other power banks next.",
      (3, POWER_BANK & T("10,?000mAh")), (2, POWER_BANK)),
    q("20w charger", "units", "A 20 W wall charger; other wall chargers next.", (3, K("charger") & T(r"\b20W")), (2, K("charger"))),
    q("8 qt air fryer", "units", "An 8-quart air fryer; other air fryers next.", (3, K("air_fryer") & T(r"\b8-qt")), (2, K("air_fryer"))),
]
