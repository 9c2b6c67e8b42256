"""Video game consoles (with bundles and refurbished units), games per
platform, and controllers, headsets and other gaming accessories."""

VG = "Video Games"

# title, family, price, popularity, bundle, condition
CONSOLES = [
    ("Sony - PlayStation 5 Console - White", "PS5", 499.99, 900, False),
    ("Sony - PlayStation 5 Digital Edition Console - White", "PS5", 399.99, 700, False),
    ("Sony - PlayStation 5 Slim Console - White", "PS5", 499.99, 820, False),
    ("Sony - PlayStation 5 Slim Console Digital Edition - White", "PS5", 449.99, 600, False),
    ("Sony - PlayStation 5 Slim Console – Marvel's Spider-Man 2 Bundle (Full Game Download Included) - White", "PS5", 559.99, 520, True),
    ("Sony - PlayStation 5 Console – Call of Duty Modern Warfare III Bundle - White", "PS5", 559.99, 430, True),
    ("Sony - PlayStation Portal Remote Player for PS5 Console - White", "PS5", 199.99, 300, False),
    ("Sony - Refurbished PlayStation 4 Slim 1TB Console - Jet Black", "PS4", 249.99, 150, False),
    ("Sony - PlayStation 4 Pro 1TB Console - Jet Black", "PS4", 399.99, 160, False),
    ("Microsoft - Xbox Series X 1TB Console - Black", "Xbox Series X", 499.99, 760, False),
    ("Microsoft - Xbox Series X 1TB Console – Diablo IV Bundle - Black", "Xbox Series X", 559.99, 320, True),
    ("Microsoft - Xbox Series X 1TB Console – Forza Horizon 5 Bundle - Black", "Xbox Series X", 559.99, 280, True),
    ("Microsoft - Xbox Series S 512GB Console - White", "Xbox Series S", 299.99, 620, False),
    ("Microsoft - Xbox Series S 1TB Console - Carbon Black", "Xbox Series S", 349.99, 380, False),
    ("Microsoft - Refurbished Xbox One S 1TB Console - White", "Xbox One", 199.99, 100, False),
    ("Microsoft - Xbox One X 1TB Console - Black", "Xbox One", 399.99, 90, False),
    ("Nintendo - Switch – OLED Model w/ White Joy-Con - White", "Nintendo Switch OLED", 349.99, 820, False),
    ("Nintendo - Switch – OLED Model w/ Neon Red & Neon Blue Joy-Con - Multi", "Nintendo Switch OLED", 349.99, 560, False),
    ("Nintendo - Switch – OLED Model The Legend of Zelda: Tears of the Kingdom Edition - Multi", "Nintendo Switch OLED", 359.99, 330, True),
    ("Nintendo - Switch with Neon Blue and Neon Red Joy-Con - Multi", "Nintendo Switch", 299.99, 640, False),
    ("Nintendo - Switch Mario Kart 8 Deluxe Bundle (Full Game Download + 3 Mo. Nintendo Switch Online Membership Included) - Multi",
     "Nintendo Switch", 299.99, 450, True),
    ("Nintendo - Switch Lite - Turquoise", "Nintendo Switch Lite", 199.99, 460, False),
    ("Nintendo - Switch Lite - Coral", "Nintendo Switch Lite", 199.99, 320, False),
    ("Nintendo - Switch Lite - Gray", "Nintendo Switch Lite", 199.99, 300, False),
    ("Nintendo - Switch Lite - Yellow", "Nintendo Switch Lite", 199.99, 220, False),
    ("Nintendo - Switch Lite - Blue", "Nintendo Switch Lite", 199.99, 200, False),
    ("Meta - Quest 3 128GB Mixed Reality VR Headset - White", "Quest 3", 499.99, 380, False),
    ("Meta - Quest 3 512GB Mixed Reality VR Headset - White", "Quest 3", 649.99, 220, False),
    ("Meta - Quest 2 128GB All-In-One VR Headset - White", "Quest 2", 249.99, 260, False),
    ("Sony - PlayStation VR2 Headset for PS5 - White", "PS5", 549.99, 150, False),
    ("ASUS - ROG Ally (2023) 7\" 120Hz Gaming Handheld - AMD Ryzen Z1 Extreme - 512GB - White", "ROG Ally", 649.99, 200, False),
]

PLATFORM = {"PS5": "PlayStation 5", "PS4": "PlayStation 4", "XSX": "Xbox Series X", "XB1": "Xbox One",
            "NSW": "Nintendo Switch"}
PLATFORM_FAMILY = {"PS5": "PS5", "PS4": "PS4", "XSX": "Xbox Series X", "XB1": "Xbox One", "NSW": "Nintendo Switch"}
PLATFORM_SHARE = {"PS5": 1.0, "NSW": 1.0, "XSX": 0.7, "PS4": 0.4, "XB1": 0.3}

# title, platforms, popularity, publisher
GAMES = [
    ("Marvel's Spider-Man 2 Standard Edition", ["PS5"], 600, "Sony Interactive Entertainment"),
    ("Marvel's Spider-Man: Miles Morales Standard Edition", ["PS5", "PS4"], 300, "Sony Interactive Entertainment"),
    ("God of War Ragnarök Standard Edition", ["PS5", "PS4"], 420, "Sony Interactive Entertainment"),
    ("Horizon Forbidden West Standard Edition", ["PS5", "PS4"], 200, "Sony Interactive Entertainment"),
    ("Gran Turismo 7 Standard Edition", ["PS5", "PS4"], 200, "Sony Interactive Entertainment"),
    ("The Last of Us Part I", ["PS5"], 250, "Sony Interactive Entertainment"),
    ("Call of Duty: Modern Warfare III", ["PS5", "PS4", "XSX", "XB1"], 550, "Activision"),
    ("Call of Duty: Black Ops Cold War", ["PS5", "PS4", "XB1"], 200, "Activision"),
    ("EA SPORTS FC 24 Standard Edition", ["PS5", "PS4", "XSX", "NSW"], 450, "Electronic Arts"),
    ("Madden NFL 24", ["PS5", "XSX", "PS4"], 380, "Electronic Arts"),
    ("NBA 2K24 Kobe Bryant Edition", ["PS5", "XSX", "NSW"], 320, "2K"),
    ("Hogwarts Legacy Standard Edition", ["PS5", "XSX", "NSW", "PS4"], 420, "Warner Bros. Games"),
    ("Elden Ring", ["PS5", "PS4", "XSX"], 380, "Bandai Namco"),
    ("Grand Theft Auto V", ["PS5", "XSX", "PS4"], 420, "Rockstar Games"),
    ("Red Dead Redemption 2", ["PS4", "XB1"], 300, "Rockstar Games"),
    ("Minecraft Standard Edition", ["NSW", "PS4", "XB1"], 480, "Mojang"),
    ("Starfield Standard Edition", ["XSX"], 280, "Bethesda"),
    ("Forza Horizon 5 Standard Edition", ["XSX", "XB1"], 250, "Microsoft"),
    ("Halo Infinite", ["XSX", "XB1"], 200, "Microsoft"),
    ("The Legend of Zelda: Tears of the Kingdom", ["NSW"], 620, "Nintendo"),
    ("The Legend of Zelda: Breath of the Wild", ["NSW"], 420, "Nintendo"),
    ("Mario Kart 8 Deluxe", ["NSW"], 700, "Nintendo"),
    ("Super Mario Bros. Wonder", ["NSW"], 520, "Nintendo"),
    ("Super Mario Odyssey", ["NSW"], 360, "Nintendo"),
    ("Super Smash Bros. Ultimate", ["NSW"], 450, "Nintendo"),
    ("Animal Crossing: New Horizons", ["NSW"], 420, "Nintendo"),
    ("Pokémon Scarlet", ["NSW"], 450, "Nintendo"),
    ("Pokémon Violet", ["NSW"], 430, "Nintendo"),
    ("Mario Party Superstars", ["NSW"], 300, "Nintendo"),
    ("Splatoon 3", ["NSW"], 250, "Nintendo"),
    ("Sonic Superstars", ["PS5", "NSW", "XSX"], 150, "SEGA"),
    ("Assassin's Creed Mirage", ["PS5", "XSX", "PS4"], 220, "Ubisoft"),
    ("Street Fighter 6", ["PS5", "XSX", "PS4"], 180, "Capcom"),
    ("Resident Evil 4", ["PS5", "PS4", "XSX"], 220, "Capcom"),
    ("Diablo IV", ["PS5", "XSX", "PS4"], 260, "Blizzard Entertainment"),
    ("Mortal Kombat 1 Standard Edition", ["PS5", "XSX", "NSW"], 220, "Warner Bros. Games"),
    ("LEGO Star Wars: The Skywalker Saga", ["PS5", "NSW", "XSX", "PS4"], 240, "Warner Bros. Games"),
    ("Just Dance 2024 Edition", ["NSW", "PS5"], 150, "Ubisoft"),
    ("Final Fantasy XVI Standard Edition", ["PS5"], 200, "Square Enix"),
    ("Batman: Arkham Knight", ["PS4", "XB1"], 90, "Warner Bros. Games"),
]

# title, kind, price, popularity, platforms (families)
GAMING_ACCESSORIES = [
    ("Sony - DualSense Wireless Controller for PlayStation 5 - White", "controller", 69.99, 600, ["PS5"]),
    ("Sony - DualSense Wireless Controller for PlayStation 5 - Midnight Black", "controller", 69.99, 420, ["PS5"]),
    ("Sony - DualSense Wireless Controller for PlayStation 5 - Cosmic Red", "controller", 74.99, 260, ["PS5"]),
    ("Sony - DualSense Wireless Controller for PlayStation 5 - Starlight Blue", "controller", 74.99, 200, ["PS5"]),
    ("Sony - DualSense Edge Wireless Controller for PlayStation 5 - White", "controller", 199.99, 220, ["PS5"]),
    ("Sony - DualShock 4 Wireless Controller for PlayStation 4 - Jet Black", "controller", 64.99, 260, ["PS4"]),
    ("Microsoft - Xbox Wireless Controller for Xbox Series X, Xbox Series S, Xbox One, Windows Devices - Carbon Black", "controller", 59.99, 520, ["Xbox Series X", "Xbox Series S", "Xbox One", "PC"]),
    ("Microsoft - Xbox Wireless Controller for Xbox Series X, Xbox Series S, Xbox One, Windows Devices - Robot White", "controller", 59.99, 300, ["Xbox Series X", "Xbox Series S", "Xbox One", "PC"]),
    ("Microsoft - Xbox Wireless Controller for Xbox Series X, Xbox Series S, Xbox One, Windows Devices - Shock Blue", "controller", 64.99, 200, ["Xbox Series X", "Xbox Series S", "Xbox One", "PC"]),
    ("Microsoft - Xbox Elite Wireless Controller Series 2 - Black", "controller", 179.99, 200, ["Xbox Series X", "Xbox Series S", "Xbox One", "PC"]),
    ("Nintendo - Joy-Con (L)/(R) Wireless Controllers - Neon Red/Neon Blue", "controller", 79.99, 380, ["Nintendo Switch", "Nintendo Switch OLED"]),
    ("Nintendo - Joy-Con (L)/(R) Wireless Controllers - Pastel Purple/Pastel Green", "controller", 79.99, 200, ["Nintendo Switch", "Nintendo Switch OLED"]),
    ("Nintendo - Switch Pro Controller - Black", "controller", 69.99, 360, ["Nintendo Switch", "Nintendo Switch OLED", "Nintendo Switch Lite"]),
    ("PowerA - Enhanced Wired Controller for Xbox Series X|S - Black", "controller", 34.99, 120, ["Xbox Series X", "Xbox Series S", "Xbox One"]),
    ("PowerA - Enhanced Wireless Controller for Nintendo Switch - Super Mario", "controller", 49.99, 110, ["Nintendo Switch", "Nintendo Switch OLED", "Nintendo Switch Lite"]),
    ("8BitDo - Ultimate Bluetooth Controller for Nintendo Switch and PC - Black", "controller", 69.99, 60, ["Nintendo Switch", "PC"]),
    ("Turtle Beach - Stealth 600 Gen 2 MAX Wireless Gaming Headset for PS5, PS4, Nintendo Switch & PC - Black", "gaming_headset", 129.99, 200, ["PS5", "PS4", "Nintendo Switch", "PC"]),
    ("Turtle Beach - Recon 70 Wired Gaming Headset for Xbox Series X|S, Xbox One, PS5, PS4 - Black", "gaming_headset", 39.99, 220, ["Xbox Series X", "Xbox Series S", "Xbox One", "PS5", "PS4"]),
    ("SteelSeries - Arctis Nova 7 Wireless Gaming Headset for PC, PS5 - Black", "gaming_headset", 179.99, 140, ["PS5", "PC"]),
    ("Razer - BlackShark V2 Pro Wireless Gaming Headset - Black", "gaming_headset", 179.99, 90, ["PC", "PS5"]),
    ("Sony - PULSE 3D Wireless Headset for PlayStation 5 - White", "gaming_headset", 99.99, 260, ["PS5", "PS4"]),
    ("Sony - PULSE Elite Wireless Headset for PlayStation 5 - White", "gaming_headset", 149.99, 150, ["PS5"]),
    ("Logitech - G PRO X 2 LIGHTSPEED Wireless Gaming Headset - Black", "gaming_headset", 249.99, 70, ["PC", "PS5"]),
    ("HyperX - Cloud II Wired Gaming Headset - Gunmetal", "gaming_headset", 99.99, 120, ["PC", "PS5", "PS4"]),
    ("Corsair - HS80 RGB Wireless Gaming Headset - Carbon", "gaming_headset", 149.99, 60, ["PC", "PS5"]),
    ("Sony - DualSense Charging Station for PlayStation 5 - White", "controller_charger", 29.99, 200, ["PS5"]),
    ("PowerA - Dual Charging Station for Xbox Series X|S Controllers - Black", "controller_charger", 39.99, 80, ["Xbox Series X", "Xbox Series S"]),
    ("Nintendo - Joy-Con Charging Grip - Black", "controller_charger", 29.99, 60, ["Nintendo Switch", "Nintendo Switch OLED"]),
    ("Insignia™ - Dual Controller Charger for PlayStation 5 - Black", "controller_charger", 24.99, 50, ["PS5"]),
    ("Seagate - Storage Expansion Card for Xbox Series X|S 1TB - Black", "console_storage", 149.99, 110, ["Xbox Series X", "Xbox Series S"]),
    ("WD_BLACK - SN850P 1TB NVMe SSD for PS5 Consoles - Black", "console_storage", 129.99, 100, ["PS5"]),
    ("Insignia™ - Carrying Case for Nintendo Switch OLED Model and Nintendo Switch - Black", "console_case", 19.99, 120, ["Nintendo Switch", "Nintendo Switch OLED"]),
    ("PowerA - Protection Case for Nintendo Switch Lite - Black", "console_case", 19.99, 90, ["Nintendo Switch Lite"]),
    ("Insignia™ - Glass Screen Protector for Nintendo Switch OLED Model - Clear", "screen_protector", 14.99, 70, ["Nintendo Switch OLED"]),
    ("Logitech - G29 Driving Force Racing Wheel and Floor Pedals for PS5, PS4 and PC - Black", "racing_wheel", 299.99, 80, ["PS5", "PS4", "PC"]),
]


def add_games(catalog):
    for title, family, price, pop, bundle in CONSOLES:
        refurbished = "Refurbished" in title
        vr = "VR" in title or "Quest" in title
        leaf = ("Virtual Reality" if vr else "Handheld Gaming PCs" if "ROG Ally" in title else
                "PlayStation Consoles" if family in ("PS5", "PS4") else
                "Xbox Consoles" if family.startswith("Xbox") else "Nintendo Switch Consoles")
        kind = "vr_headset" if vr else "console"
        if "Portal" in title:
            kind, leaf = "handheld_player", "PlayStation Consoles"
        catalog.add(title, f"{title.split(' - ')[1]}. " + ("Bundle with a full game. " if bundle else "")
                    + "Play the latest games in stunning detail.", price, (VG, "Consoles & VR", leaf),
                    title.split(" - ")[0], {"color": title.rsplit(" - ", 1)[1], **({"condition": "Refurbished"} if refurbished else {})},
                    popularity=pop, kind=kind, family=family, bundle=bundle,
                    condition="refurbished" if refurbished else "new",
                    compat=[family] if kind != "console" else [])
    for name, platforms, pop, publisher in GAMES:
        for code in platforms:
            platform = PLATFORM[code]
            title = f"{name} - {platform}"
            leaf = {"PS5": "PS5 Games", "PS4": "PS4 Games", "XSX": "Xbox Series X|S Games", "XB1": "Xbox One Games",
                    "NSW": "Nintendo Switch Games"}[code]
            catalog.add(title, f"{name} for {platform}.", 69.99 if code in ("PS5", "XSX") else 59.99,
                        (VG, "Video Games", leaf), publisher, {"platform": platform},
                        popularity=pop * PLATFORM_SHARE[code], kind="game", family=name,
                        compat=[PLATFORM_FAMILY[code]], game=name)
    for title, kind, price, pop, platforms in GAMING_ACCESSORIES:
        leaf = {"controller": "Controllers", "gaming_headset": "Gaming Headsets"}.get(kind, "Gaming Accessories & Storage")
        catalog.simple(title, kind, price, pop, (VG, "Gaming Accessories", leaf), compat=platforms,
                       about="Gaming accessory.")
