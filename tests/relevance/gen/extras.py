"""The rest of the store: desktops and graphics cards, car electronics,
personal care, musical instruments and turntables, movies, and older or
niche models in TVs, games and headphones. They make the catalog's long
tail (and its near misses: a "Spider-Man" movie beside the game, an "HP
Pavilion" desktop beside the laptops)."""

from .tv_audio import headphone_title

# title, kind, price, popularity, family
DESKTOPS = [
    ("HP - Pavilion Desktop - Intel Core i5 - 16GB Memory - 512GB SSD - Natural Silver", "desktop", 649.99, 120, "Pavilion Desktop"),
    ("HP - Pavilion Desktop - AMD Ryzen 7 - 16GB Memory - 1TB SSD - Natural Silver", "desktop", 849.99, 80, "Pavilion Desktop"),
    ("Dell - Inspiron Desktop - Intel Core i7 - 16GB Memory - 1TB SSD - Black", "desktop", 899.99, 90, "Inspiron Desktop"),
    ("Dell - Inspiron 24\" Touch-Screen All-in-One - Intel Core i5 - 8GB Memory - 512GB SSD - White", "desktop", 799.99, 70, "Inspiron All-in-One"),
    ("Lenovo - IdeaCentre 3 Desktop - AMD Ryzen 5 - 8GB Memory - 512GB SSD - Black", "desktop", 499.99, 60, "IdeaCentre 3"),
    ("Apple - 24\" iMac with Retina 4.5K display - M3 chip - 8GB Memory - 256GB SSD - Blue", "desktop", 1299.0, 220, "iMac"),
    ("Apple - 24\" iMac with Retina 4.5K display - M3 chip - 8GB Memory - 256GB SSD - Silver", "desktop", 1299.0, 160, "iMac"),
    ("Apple - Mac mini Desktop - M2 chip - 8GB Memory - 256GB SSD - Silver", "desktop", 599.0, 240, "Mac mini"),
    ("CyberPowerPC - Gamer Xtreme Gaming Desktop - Intel Core i5 - 16GB Memory - NVIDIA GeForce RTX 4060 - 1TB SSD - Black", "desktop", 1099.99, 140, "Gamer Xtreme"),
    ("iBUYPOWER - Y40 Gaming Desktop - AMD Ryzen 7 - 32GB Memory - NVIDIA GeForce RTX 4070 Ti - 2TB SSD - Black", "desktop", 1899.99, 80, "Y40"),
    ("HP - OMEN 25L Gaming Desktop - AMD Ryzen 7 - 16GB Memory - NVIDIA GeForce RTX 4060 Ti - 1TB SSD - Black", "desktop", 1399.99, 70, "OMEN 25L"),
    ("ASUS - Dual NVIDIA GeForce RTX 4060 OC Edition 8GB GDDR6 Graphics Card - Black", "graphics_card", 299.99, 140, "RTX 4060"),
    ("MSI - NVIDIA GeForce RTX 4070 SUPER VENTUS 2X 12GB GDDR6X Graphics Card - Black", "graphics_card", 599.99, 120, "RTX 4070 SUPER"),
    ("NVIDIA - GeForce RTX 4080 SUPER 16GB GDDR6X Graphics Card - Titanium/Black", "graphics_card", 999.99, 90, "RTX 4080 SUPER"),
    ("PNY - NVIDIA GeForce RTX 4090 24GB GDDR6X Graphics Card - Black", "graphics_card", 1799.99, 60, "RTX 4090"),
    ("XFX - AMD Radeon RX 7800 XT 16GB GDDR6 Graphics Card - Black", "graphics_card", 499.99, 50, "RX 7800 XT"),
]

CAR = [
    ("Garmin - Dash Cam 57 1440p Dash Camera - Black", "dash_cam", 229.99, 120),
    ("Vantrue - N4 3-Channel 4K Dash Cam - Black", "dash_cam", 259.99, 60),
    ("Rove - R2-4K Dash Cam - Black", "dash_cam", 109.99, 90),
    ("Pioneer - 6.8\" Android Auto and Apple CarPlay Bluetooth Digital Media Receiver - Black", "car_stereo", 399.99, 110),
    ("Kenwood - 6.8\" Android Auto and Apple CarPlay Bluetooth DVD Receiver - Black", "car_stereo", 449.99, 70),
    ("Sony - 6.95\" Android Auto and Apple CarPlay Bluetooth Digital Media Receiver - Black", "car_stereo", 499.99, 80),
    ("JBL - Club 6-1/2\" 2-Way Car Speakers with Polypropylene Cones (Pair) - Black", "car_speaker", 119.99, 90),
    ("Rockford Fosgate - Prime 6-1/2\" 2-Way Car Speakers (Pair) - Black", "car_speaker", 79.99, 60),
    ("Kicker - CompC 10\" Dual-Voice-Coil 4-Ohm Subwoofer - Black", "car_subwoofer", 129.99, 50),
    ("NOCO - Boost Plus GB40 1000A Lithium Jump Starter - Yellow", "jump_starter", 99.99, 140),
    ("Insignia™ - Digital Tire Inflator - Black", "tire_inflator", 49.99, 80),
    ("Escort - MAX 360c Radar Detector - Black", "radar_detector", 649.99, 30),
]

PERSONAL_CARE = [
    ("Philips Sonicare - ProtectiveClean 4100 Rechargeable Electric Toothbrush - White", "toothbrush", 49.99, 160),
    ("Philips Sonicare - DiamondClean Smart 9300 Rechargeable Electric Toothbrush - Black", "toothbrush", 229.99, 60),
    ("Oral-B - iO Series 7 Rechargeable Electric Toothbrush - Black Onyx", "toothbrush", 179.99, 90),
    ("Oral-B - Pro 1000 Rechargeable Electric Toothbrush - White", "toothbrush", 49.99, 140),
    ("Dyson - Supersonic Hair Dryer - Nickel/Copper", "hair_dryer", 429.99, 180),
    ("Dyson - Airwrap Multi-Styler Complete Long - Nickel/Copper", "hair_styler", 599.99, 160),
    ("Shark - FlexStyle Air Styling & Drying System - Black", "hair_styler", 299.99, 120),
    ("Philips Norelco - Shaver 9500 Wet & Dry Electric Shaver - Chrome", "shaver", 219.99, 70),
    ("Braun - Series 9 Pro Wet & Dry Electric Shaver - Silver", "shaver", 299.99, 80),
    ("Philips Norelco - Multigroom 7000 23-Piece All-in-One Trimmer - Black", "trimmer", 69.99, 110),
    ("Therabody - Theragun Prime Percussive Therapy Massage Gun - Black", "massager", 299.99, 110),
    ("Hyperice - Hypervolt Go 2 Massage Gun - Black", "massager", 129.99, 90),
    ("Withings - Body+ Smart Wi-Fi Scale - Black", "scale", 99.99, 60),
]

MUSIC = [
    ("Audio-Technica - AT-LP60X Stereo Turntable - Black", "turntable", 149.99, 160),
    ("Audio-Technica - AT-LP120XUSB Direct-Drive Turntable - Black", "turntable", 349.99, 80),
    ("Victrola - Eastwood Bluetooth Record Player - Walnut", "turntable", 99.99, 90),
    ("Fender - Player Stratocaster Electric Guitar - 3-Color Sunburst", "guitar", 849.99, 60),
    ("Fender - CD-60S Dreadnought Acoustic Guitar - Natural", "guitar", 229.99, 70),
    ("Yamaha - FG800 Acoustic Guitar - Natural", "guitar", 229.99, 60),
    ("Yamaha - PSR-E373 61-Key Portable Keyboard - Black", "music_keyboard", 199.99, 80),
    ("Casio - CT-S300 61-Key Portable Keyboard - Black", "music_keyboard", 149.99, 70),
    ("Roland - FP-30X 88-Key Digital Piano - Black", "music_keyboard", 749.99, 40),
    ("Shure - SM58 Cardioid Dynamic Vocal Microphone - Black", "microphone", 99.99, 70),
    ("Blue - Yeti USB Microphone - Blackout", "microphone", 129.99, 160),
    ("Rode - NT-USB Mini USB Microphone - Black", "microphone", 99.99, 60),
]

MOVIES = [
    "Spider-Man: Across the Spider-Verse", "Spider-Man: No Way Home", "Oppenheimer", "Barbie",
    "The Super Mario Bros. Movie", "Top Gun: Maverick", "Avatar: The Way of Water", "Dune",
    "John Wick: Chapter 4", "Guardians of the Galaxy Vol. 3", "The Batman", "Wonka",
    "Indiana Jones and the Dial of Destiny", "Elemental", "Frozen II", "Jurassic World Dominion",
]


def add_extras(catalog):
    for title, kind, price, pop, family in DESKTOPS:
        leaf = "Graphics Cards" if kind == "graphics_card" else "Desktop Computers"
        middle = "Computer Components" if kind == "graphics_card" else "Desktops & All-in-Ones"
        catalog.simple(title, kind, price, pop, ("Computers & Tablets", middle, leaf), family=family,
                       gaming="Gaming" in title or kind == "graphics_card")
    for title, kind, price, pop in CAR:
        catalog.simple(title, kind, price, pop, ("Car Electronics & GPS", "Car Electronics",
                                                 "Dash Cams" if kind == "dash_cam" else "Car Audio" if kind.startswith("car") else "Car Safety & Tools"))
    for title, kind, price, pop in PERSONAL_CARE:
        catalog.simple(title, kind, price, pop, ("Health, Fitness & Beauty", "Personal Care",
                                                 "Oral Care" if kind == "toothbrush" else "Hair Care" if kind.startswith("hair") else
                                                 "Shaving & Grooming" if kind in ("shaver", "trimmer") else "Massagers & Scales"))
    for title, kind, price, pop in MUSIC:
        catalog.simple(title, kind, price, pop, ("Musical Instruments", "Instruments & Recording",
                                                 "Turntables & Record Players" if kind == "turntable" else
                                                 "Guitars" if kind == "guitar" else "Keyboards & Pianos" if kind == "music_keyboard"
                                                 else "Microphones"))
    for i, name in enumerate(MOVIES):
        for fmt, price, share in (("4K Ultra HD Blu-ray", 29.99, 1.0), ("Blu-ray", 22.99, 0.7)):
            catalog.add(f"{name} [{fmt}] [2023]" if i % 3 == 0 else f"{name} [{fmt}]", f"{name} on {fmt}.", price,
                        ("Movies & Music", "Movies & TV Shows", "4K Ultra HD Movies" if fmt.startswith("4K") else "Blu-ray Movies"),
                        "Studio Distribution", {"format": fmt}, popularity=(120 - 5 * i) * share, kind="movie", family=name)
    add_more_models(catalog)


MORE_TVS = [
    ("Samsung", "CU8000 Crystal UHD 4K", [50, 55, 65, 75], 8.5, 260),
    ("LG", "QNED80 Series 4K UHD", [55, 65, 75], 11, 150),
    ("Sony", "BRAVIA X85K 4K HDR LED", [43, 55, 65, 75], 12, 140),
    ("VIZIO", "P-Series Quantum X 4K QLED", [65, 75, 85], 14, 90),
    ("Hisense", "U6 Series Mini-LED ULED 4K", [55, 65, 75], 8, 170),
    ("Roku", "Select Series 4K HDR", [43, 50, 55, 65], 5.5, 200),
    ("Amazon", "Fire TV Omni Series 4K UHD", [43, 50, 55, 65, 75], 7.5, 210),
]

MORE_GAMES = [
    ("Marvel's Spider-Man Game of the Year Edition", ["PlayStation 4"], 160, "Sony Interactive Entertainment", "PS4"),
    ("The Legend of Zelda: Link's Awakening", ["Nintendo Switch"], 200, "Nintendo", "Nintendo Switch"),
    ("Luigi's Mansion 3", ["Nintendo Switch"], 220, "Nintendo", "Nintendo Switch"),
    ("Kirby and the Forgotten Land", ["Nintendo Switch"], 200, "Nintendo", "Nintendo Switch"),
    ("Metroid Prime Remastered", ["Nintendo Switch"], 150, "Nintendo", "Nintendo Switch"),
    ("Pikmin 4", ["Nintendo Switch"], 180, "Nintendo", "Nintendo Switch"),
    ("Cyberpunk 2077", ["PlayStation 5", "Xbox Series X"], 160, "CD PROJEKT RED", None),
    ("Ghost of Tsushima Director's Cut", ["PlayStation 5", "PlayStation 4"], 180, "Sony Interactive Entertainment", None),
    ("Ratchet & Clank: Rift Apart", ["PlayStation 5"], 160, "Sony Interactive Entertainment", "PS5"),
    ("Returnal", ["PlayStation 5"], 80, "Sony Interactive Entertainment", "PS5"),
    ("Gears 5", ["Xbox One"], 90, "Microsoft", "Xbox One"),
    ("Sea of Thieves", ["Xbox One"], 80, "Microsoft", "Xbox One"),
    ("WWE 2K23", ["PlayStation 5", "Xbox Series X"], 120, "2K", None),
    ("MLB The Show 23", ["PlayStation 5", "Nintendo Switch"], 140, "Sony Interactive Entertainment", None),
    ("Tony Hawk's Pro Skater 1 + 2", ["PlayStation 4", "Xbox One", "Nintendo Switch"], 90, "Activision", None),
    ("Crash Bandicoot N. Sane Trilogy", ["PlayStation 4", "Nintendo Switch"], 110, "Activision", None),
]
FAMILY_OF = {"PlayStation 5": "PS5", "PlayStation 4": "PS4", "Xbox Series X": "Xbox Series X", "Xbox One": "Xbox One",
             "Nintendo Switch": "Nintendo Switch"}

MORE_HEADPHONES = [
    ("Bose", "QuietComfort 35 II", "over-ear", True, True, ["Black", "Silver"], 299, 150),
    ("Sony", "WH-XB910N EXTRA BASS", "over-ear", True, True, ["Black", "Blue"], 249, 110),
    ("Audio-Technica", "ATH-M50x Professional Monitor", "over-ear", False, False, ["Black", "White"], 169, 160),
    ("Sennheiser", "HD 560S Open-Back Audiophile", "over-ear", False, False, ["Black"], 229, 50),
    ("Marshall", "Major IV", "on-ear", True, False, ["Black", "Brown"], 149, 80),
    ("JBL", "Quantum 100 Wired Gaming", "over-ear", False, False, ["Black"], 39, 70),
    ("Skullcandy", "Hesh ANC", "over-ear", True, True, ["True Black"], 129, 50),
    ("Jabra", "Elite 8 Active", "true wireless", True, True, ["Black", "Navy"], 199, 90),
    ("Anker", "Soundcore Life Q30", "over-ear", True, True, ["Black", "Blue"], 79, 120),
    ("Anker", "Soundcore Liberty 4 NC", "true wireless", True, True, ["Black", "White"], 99, 110),
    ("Beats", "Studio3", "over-ear", True, True, ["Matte Black", "Blue"], 349, 160),
    ("Sony", "WI-C100", "in-ear", True, False, ["Black"], 39, 90),
]


def add_more_models(catalog):
    from .tv_audio import SIZE_POPULARITY, TV_LEAF
    for brand, series, sizes, per_inch, pop in MORE_TVS:
        for size in sizes:
            title = f'{brand} - {size}" Class {series} Smart TV'
            leaf = next(name for limit, name in TV_LEAF if size <= limit)
            catalog.add(title, f"{size}-inch class 4K Ultra HD (2160p) smart TV. Stream your favorite apps and shows.",
                        size * per_inch * (1 + max(0, size - 55) / 40), ("TV & Home Theater", "TVs", leaf), brand,
                        {"screen_size_in": size, "resolution": "4K", "display_type": "LED"},
                        popularity=pop * SIZE_POPULARITY[size], kind="tv", family=f"{brand} {series.split()[0]}",
                        screen=size, resolution="4K", display="LED")
    for name, platforms, pop, publisher, _ in MORE_GAMES:
        for platform in platforms:
            leaf = {"PlayStation 5": "PS5 Games", "PlayStation 4": "PS4 Games", "Xbox Series X": "Xbox Series X|S Games",
                    "Xbox One": "Xbox One Games", "Nintendo Switch": "Nintendo Switch Games"}[platform]
            catalog.add(f"{name} - {platform}", f"{name} for {platform}.", 39.99, ("Video Games", "Video Games", leaf),
                        publisher, {"platform": platform}, popularity=pop * (0.5 if platform in ("PlayStation 4", "Xbox One") else 1.0),
                        kind="game", family=name, compat=[FAMILY_OF[platform]], game=name)
    for brand, model, form, wireless, anc, colours, price, pop in MORE_HEADPHONES:
        earbuds = form in ("true wireless", "in-ear")
        for i, colour in enumerate(colours):
            title = headphone_title(brand, model, form, wireless, anc, colour)
            leaf = "True Wireless Earbuds" if form == "true wireless" else (
                "Earbud & In-Ear Headphones" if earbuds else "Over-Ear & On-Ear Headphones")
            features = (["Bluetooth"] if wireless else ["Wired"]) + (["Active Noise Cancelling"] if anc else [])
            catalog.add(title, f"{brand} {model} {'earbuds' if earbuds else 'headphones'}. Rich, detailed sound.", price,
                        ("Audio", "Headphones", leaf), brand, {"color": colour, "headphone_fit": form, "features": features},
                        popularity=pop * (1.0 if i == 0 else 0.6), kind="earbuds" if earbuds else "headphones",
                        family=model, wireless=wireless, anc=anc, form=form, gaming="Gaming" in model)
