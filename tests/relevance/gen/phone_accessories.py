"""Accessories "for" phones: cases and screen protectors for each model
(or pair of models that share a body), and the chargers, cables, power
banks, mounts and lenses a phone department sells beside them."""

from .phones import PHONE_FAMILIES

# Families sharing one body, and how an accessory title names them.
IPHONE_GROUPS = [
    (["iPhone 7"], "Apple® iPhone® 7"),
    (["iPhone 7", "iPhone 8"], "Apple® iPhone® 7 and 8"),
    (["iPhone 7 Plus"], "Apple® iPhone® 7 Plus"),
    (["iPhone 7 Plus", "iPhone 8 Plus"], "Apple® iPhone® 7 Plus and 8 Plus"),
    (["iPhone X"], "Apple® iPhone® X and XS"),
    (["iPhone 11"], "Apple® iPhone® 11"),
    (["iPhone 12"], "Apple® iPhone® 12 and 12 Pro"),
    (["iPhone 13"], "Apple® iPhone® 13"),
    (["iPhone 13 Pro Max"], "Apple® iPhone® 13 Pro Max"),
    (["iPhone 14"], "Apple® iPhone® 14"),
    (["iPhone 14 Pro"], "Apple® iPhone® 14 Pro"),
    (["iPhone 15"], "Apple® iPhone® 15"),
    (["iPhone 15 Pro"], "Apple® iPhone® 15 Pro"),
    (["iPhone 15 Pro Max"], "Apple® iPhone® 15 Pro Max"),
]


def groups():
    result = list(IPHONE_GROUPS)
    for family, (brand, _) in PHONE_FAMILIES.items():
        if brand == "Samsung":
            result.append(([family], f"Samsung Galaxy {family.removeprefix('Galaxy ')}"))
        elif brand == "Google":
            result.append(([family], f"Google {family}"))
        elif family in ("moto g power (2022)", "moto g stylus 5G (2023)"):
            result.append(([family], f"Motorola {family}"))
    return result


# brand, series, colours, price, share of the phone's popularity, who makes it for whom
CASES = [
    ("OtterBox", "Defender Series Case", ["Black", "Blue", "Pink"], 49.99, 0.30, "all"),
    ("OtterBox", "Commuter Series Case", ["Black", "Pink", "Blue"], 39.99, 0.22, "all"),
    ("OtterBox", "Symmetry Series Case", ["Black", "Clear", "Pink"], 44.99, 0.25, "all"),
    ("LifeProof", "FRĒ Series Case", ["Black", "Asphalt"], 79.99, 0.10, "waterproof"),
    ("Speck", "Presidio2 Grip Case", ["Black", "Clear", "Blue"], 44.99, 0.12, "all"),
    ("Insignia™", "Hard Shell Case", ["Clear", "Black", "Pink"], 19.99, 0.06, "all"),
    ("Platinum™", "Wallet Folio Case", ["Black"], 29.99, 0.03, "all"),
    ("Case-Mate", "Tough Clear Case", ["Clear", "Twinkle"], 39.99, 0.05, "all"),
    ("SaharaCase", "Grip Series Case", ["Black"], 24.99, 0.01, "all"),
    ("Blu Element", "Clear Shield Case", ["Clear"], 19.99, 0.008, "all"),
]

PROTECTORS = [
    ("ZAGG", "InvisibleShield Glass Elite+ Screen Protector", 39.99, 0.15),
    ("Insignia™", "Glass Screen Protector", 24.99, 0.06),
    ("Belkin", "ScreenForce UltraGlass Screen Protector", 39.99, 0.05),
    ("BodyGuardz", "PRTX Screen Protector", 29.99, 0.01),
]

CASE_PATH = {"Apple": "iPhone Cases", "Samsung": "Samsung Galaxy Cases",
             "Google": "Google Pixel Cases", "Motorola": "Motorola Cases"}
PROTECTOR_PATH = {"Apple": "iPhone Screen Protectors",
                  "Samsung": "Samsung Galaxy Screen Protectors",
                  "Google": "Other Screen Protectors", "Motorola": "Other Screen Protectors"}


def clean_brand(name):
    return name.rstrip("™")


def add_model_accessories(catalog):
    for families, named in groups():
        maker, pop = PHONE_FAMILIES[families[0]]
        pop = max(PHONE_FAMILIES[f][1] for f in families)
        if len(families) == 1 and families[0] in ("iPhone 7", "iPhone 7 Plus"):
            pop *= 0.5  # older single-model stock, beside the shared 7/8 cases
        waterproof_ok = maker == "Apple" or families[0] in (
            "Galaxy S7", "Galaxy S8", "Galaxy S9", "Galaxy S10", "Galaxy S23")
        for brand, series, colours, price, share, who in CASES:
            if who == "waterproof" and not waterproof_ok:
                continue
            for i, colour in enumerate(colours):
                title = f"{brand} - {series} for {named} - {colour}"
                waterproof = who == "waterproof"
                plain = named.replace("®", "")
                # Written like a store's copy: the model it fits, twice.
                description = (f"Protect your {plain} with the {clean_brand(brand)} {series}. "
                               + ("Waterproof to 2 meters, dropproof, dirtproof and snowproof. "
                                  if waterproof else "Slim, drop-tested protection. ")
                               + f"Made for {plain}: precise cutouts for the buttons, ports and camera.")
                catalog.add(title, description, price,
                            ("Cell Phone Accessories", "Cell Phone Cases", CASE_PATH[maker]),
                            clean_brand(brand),
                            {"color": colour, "compatible_with": families,
                             **({"features": ["Waterproof"]} if waterproof else {})},
                            popularity=pop * share * (1.0 if i == 0 else 0.6 / i),
                            kind="case", compat=families, waterproof=waterproof)
        plain = named.replace("®", "")
        if maker in ("Apple", "Samsung") and len(families) == 1:
            own = ["Silicone Case", "Leather Case"] if maker == "Apple" else ["Silicone Cover", "Clear View Cover"]
            colours = ["Black", "Midnight Blue"] if maker == "Apple" else ["Black", "Lavender"]
            for j, kind_name in enumerate(own):
                for i, colour in enumerate(colours):
                    title = f"{maker} - {families[0]} {kind_name} - {colour}"
                    catalog.add(title, f"{maker}'s own {kind_name.lower()} for the {plain}.",
                                49.0 if maker == "Apple" else 29.0,
                                ("Cell Phone Accessories", "Cell Phone Cases", CASE_PATH[maker]),
                                maker, {"color": colour, "compatible_with": families},
                                popularity=pop * (0.2 if j == 0 else 0.08) * (1.0 if i == 0 else 0.6),
                                kind="case", compat=families)
        for brand, series, price, share in PROTECTORS:
            title = f"{brand} - {series} for {named} - Clear"
            catalog.add(title, f"Tempered glass screen protection for your {plain}. Cut to fit {plain}; "
                        "easy bubble-free install.",
                        price, ("Cell Phone Accessories", "Screen Protectors", PROTECTOR_PATH[maker]),
                        clean_brand(brand), {"color": "Clear", "compatible_with": families},
                        popularity=pop * share, kind="screen_protector", compat=families)


IPHONE_LIGHTNING = ["iPhone 7", "iPhone 7 Plus", "iPhone 8", "iPhone 8 Plus", "iPhone X",
                    "iPhone 11", "iPhone 13", "iPhone 14", "iPhone 14 Pro"]
ANY_PHONE = ["any phone"]

# title, brand, kind, connector/feature, price, popularity, compat, leaf
CHARGING = [
    ("Apple - 20W USB-C Power Adapter - White", "charger", "USB-C", 19.99, 520, ["iPhone"], "Wall Chargers"),
    ("Apple - 5W USB Power Adapter - White", "charger", "USB-A", 19.99, 110, ["iPhone"], "Wall Chargers"),
    ("Apple - USB-C to Lightning Cable (1m) - White", "cable", "Lightning", 19.99, 470, IPHONE_LIGHTNING, "Charging Cables"),
    ("Apple - USB-C to Lightning Cable (2m) - White", "cable", "Lightning", 29.99, 210, IPHONE_LIGHTNING, "Charging Cables"),
    ("Apple - Lightning to USB Cable (1m) - White", "cable", "Lightning", 19.99, 300, IPHONE_LIGHTNING, "Charging Cables"),
    ("Apple - 240W USB-C Charge Cable (2m) - White", "cable", "USB-C", 29.99, 160, ["iPhone 15", "iPhone 15 Pro", "iPhone 15 Pro Max", "MacBook"], "Charging Cables"),
    ("Apple - MagSafe Charger (1m) - White", "wireless_charger", "MagSafe", 39.99, 390, ["iPhone"], "Wireless Chargers"),
    ("Apple - Lightning to 3.5 mm Headphone Jack Adapter - White", "adapter", "Lightning", 9.99, 230, IPHONE_LIGHTNING, "Charging Cables"),
    ("Samsung - 25W Super Fast Charging Wall Charger - Black", "charger", "USB-C", 19.99, 270, ["Galaxy"], "Wall Chargers"),
    ("Samsung - 45W Super Fast Charging Wall Charger - Black", "charger", "USB-C", 49.99, 120, ["Galaxy"], "Wall Chargers"),
    ("Samsung - 15W Fast Charge Wireless Charger Pad - Black", "wireless_charger", "Qi", 39.99, 140, ["Galaxy"], "Wireless Chargers"),
    ("Samsung - 3' USB-C to USB-C Cable - Black", "cable", "USB-C", 14.99, 130, ["Galaxy"], "Charging Cables"),
    ("Insignia™ - 20W USB-C Wall Charger - White", "charger", "USB-C", 19.99, 60, ANY_PHONE, "Wall Chargers"),
    ("Insignia™ - 6' Lightning to USB Charge-and-Sync Cable - White", "cable", "Lightning", 19.99, 55, IPHONE_LIGHTNING, "Charging Cables"),
    ("Insignia™ - 6' Lightning to USB Charge-and-Sync Cable - Black", "cable", "Lightning", 19.99, 35, IPHONE_LIGHTNING, "Charging Cables"),
    ("Insignia™ - 3' USB-C to USB-C Charge-and-Sync Cable - Black", "cable", "USB-C", 14.99, 50, ANY_PHONE, "Charging Cables"),
    ("Insignia™ - 10' USB-C to USB-C Charge-and-Sync Cable - White", "cable", "USB-C", 24.99, 25, ANY_PHONE, "Charging Cables"),
    ("Insignia™ - 4' Micro USB Charge-and-Sync Cable - Black", "cable", "Micro USB", 12.99, 20, ["Galaxy S7", "Galaxy S7 edge"], "Charging Cables"),
    ("Insignia™ - Dual USB Vehicle Charger - Black", "car_charger", "USB-A", 14.99, 30, ANY_PHONE, "Car Chargers"),
    ("Insignia™ - 7.5W Qi Certified Wireless Charging Pad - Black", "wireless_charger", "Qi", 29.99, 40, ANY_PHONE, "Wireless Chargers"),
    ("Belkin - BoostCharge Pro 3-in-1 Wireless Charging Stand with MagSafe - Black", "wireless_charger", "MagSafe", 149.99, 150, ["iPhone", "Apple Watch", "AirPods"], "Wireless Chargers"),
    ("Belkin - BoostCharge Pro 3-in-1 Wireless Charging Stand with MagSafe - White", "wireless_charger", "MagSafe", 149.99, 90, ["iPhone", "Apple Watch", "AirPods"], "Wireless Chargers"),
    ("Belkin - BoostCharge 10W Wireless Charging Pad - White", "wireless_charger", "Qi", 29.99, 45, ANY_PHONE, "Wireless Chargers"),
    ("Belkin - 6.6' USB-C to Lightning Cable - Black", "cable", "Lightning", 24.99, 40, IPHONE_LIGHTNING, "Charging Cables"),
    ("Belkin - BoostCharge 37W Dual USB Car Charger - Black", "car_charger", "USB-C", 29.99, 35, ANY_PHONE, "Car Chargers"),
    ("Anker - PowerCore 10000mAh Portable Charger - Black", "power_bank", "USB-C", 25.99, 180, ANY_PHONE, "Portable Chargers & Power Banks"),
    ("Anker - PowerCore 10000mAh Portable Charger - White", "power_bank", "USB-C", 25.99, 70, ANY_PHONE, "Portable Chargers & Power Banks"),
    ("Anker - PowerCore 20000mAh Portable Charger - Black", "power_bank", "USB-C", 49.99, 110, ANY_PHONE, "Portable Chargers & Power Banks"),
    ("Anker - 622 Magnetic Battery (MagGo) 5000mAh - Black", "power_bank", "MagSafe", 59.99, 90, ["iPhone"], "Portable Chargers & Power Banks"),
    ("Anker - Nano 20W USB-C Charger - White", "charger", "USB-C", 19.99, 80, ANY_PHONE, "Wall Chargers"),
    ("Anker - 6ft USB-C to USB-C Cable - Black", "cable", "USB-C", 15.99, 45, ANY_PHONE, "Charging Cables"),
    ("mophie - powerstation plus 10,000mAh Portable Charger - Black", "power_bank", "USB-C", 69.99, 60, ANY_PHONE, "Portable Chargers & Power Banks"),
    ("mophie - snap+ juice pack mini 5,000mAh - Black", "power_bank", "MagSafe", 49.99, 35, ["iPhone"], "Portable Chargers & Power Banks"),
    ("mophie - 3-in-1 Travel Charger with MagSafe - Black", "wireless_charger", "MagSafe", 149.99, 25, ["iPhone", "Apple Watch", "AirPods"], "Wireless Chargers"),
    ("Insignia™ - 10,000mAh Portable Charger - Black", "power_bank", "USB-C", 29.99, 30, ANY_PHONE, "Portable Chargers & Power Banks"),
]

# title, kind, price, popularity, compat, leaf
MOUNTS_AND_MORE = [
    ("iOttie - Easy One Touch 5 Dash & Windshield Car Mount for Most Cell Phones - Black", "car_mount", 24.99, 140, ANY_PHONE, "Car Mounts & Holders"),
    ("iOttie - Velox Magnetic Wireless Charging Car Mount for iPhone with MagSafe - Black", "car_mount", 49.99, 60, ["iPhone"], "Car Mounts & Holders"),
    ("Belkin - Car Vent Mount Pro with MagSafe - Black", "car_mount", 39.99, 45, ["iPhone"], "Car Mounts & Holders"),
    ("Scosche - MagicMount Magnetic Dash Mount for Mobile Devices - Black", "car_mount", 19.99, 40, ANY_PHONE, "Car Mounts & Holders"),
    ("Insignia™ - Vent Mount for Most Cell Phones - Black", "car_mount", 14.99, 20, ANY_PHONE, "Car Mounts & Holders"),
    ("PopSockets - PopMount 2 Car Vent - Black", "car_mount", 19.99, 15, ANY_PHONE, "Car Mounts & Holders"),
    ("PopSockets - PopGrip Phone Grip and Stand - Black", "grip", 14.99, 90, ANY_PHONE, "Phone Grips & Stands"),
    ("PopSockets - PopGrip Phone Grip and Stand - Marble", "grip", 14.99, 40, ANY_PHONE, "Phone Grips & Stands"),
    ("Joby - GripTight ONE GP Stand Phone Tripod - Black", "phone_tripod", 29.99, 25, ANY_PHONE, "Phone Grips & Stands"),
    ("Insignia™ - Bluetooth Selfie Stick - Black", "selfie_stick", 19.99, 30, ANY_PHONE, "Phone Grips & Stands"),
    ("Moment - Wide 18mm Lens (M-Series) - Black", "phone_lens", 119.99, 30, ANY_PHONE, "Cell Phone Lenses"),
    ("Moment - Tele 58mm Lens (M-Series) - Black", "phone_lens", 119.99, 20, ANY_PHONE, "Cell Phone Lenses"),
    ("Moment - Macro 25mm Lens (M-Series) - Black", "phone_lens", 119.99, 15, ANY_PHONE, "Cell Phone Lenses"),
    ("olloclip - Connect X Fisheye + Super-Wide + Macro Lens Set for Apple® iPhone® X and XS - Black", "phone_lens", 99.99, 12, ["iPhone X"], "Cell Phone Lenses"),
    ("olloclip - Core Lens Set for Apple® iPhone® 7 and 7 Plus - Black", "phone_lens", 79.99, 10, ["iPhone 7", "iPhone 7 Plus"], "Cell Phone Lenses"),
    ("Insignia™ - 3-in-1 Clip-On Lens Kit for Most Cell Phones - Black", "phone_lens", 24.99, 12, ANY_PHONE, "Cell Phone Lenses"),
    ("Insignia™ - Waterproof Pouch for Most Cell Phones - Black", "phone_pouch", 14.99, 25, ANY_PHONE, "Phone Grips & Stands"),
]


def add_charging_and_more(catalog):
    for title, kind, connector, price, pop, compat, leaf in CHARGING:
        brand = clean_brand(title.split(" - ")[0])
        catalog.add(title, f"{title.split(' - ')[1]}. Charges compatible phones and devices safely.",
                    price, ("Cell Phone Accessories", "Chargers & Cables", leaf), brand,
                    {"connector": connector, "color": title.rsplit(" - ", 1)[1]},
                    popularity=pop, kind=kind, compat=compat, connector=connector)
    for title, kind, price, pop, compat, leaf in MOUNTS_AND_MORE:
        brand = clean_brand(title.split(" - ")[0])
        extra = " Waterproof, touchscreen-friendly pouch." if kind == "phone_pouch" else ""
        catalog.add(title, f"{title.split(' - ')[1]}.{extra}", price,
                    ("Cell Phone Accessories", "Mounts, Grips & Lenses", leaf), brand,
                    {"color": title.rsplit(" - ", 1)[1]}, popularity=pop, kind=kind, compat=compat,
                    waterproof=kind == "phone_pouch")


def add_phone_accessories(catalog):
    add_model_accessories(catalog)
    add_charging_and_more(catalog)
