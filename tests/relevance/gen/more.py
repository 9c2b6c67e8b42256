"""Breadth that a real store has and a small catalog lacks: appliance
finishes, more laptop and monitor models, more films, games, speakers,
smart home devices and personal mobility."""

from .computers import I5, I7, R5, R7, laptop
from .home import MAJOR

FINISHES = {"Stainless Steel": ["Black Stainless Steel", "White"], "White": ["Champagne", "Graphite Steel"]}

MORE_LAPTOPS = [
    ("Acer", "Aspire 5", '15.6" FHD', 15.6, [(I5, 8, "512GB SSD", 549), (R7, 16, "1TB SSD", 749)], ["Steel Gray", "Pure Silver"], 230, "Windows Laptops"),
    ("Acer", "Swift Go 14", '14" 2.8K OLED', 14.0, [(I7, 16, "512GB SSD", 849)], ["Pure Silver"], 120, "Windows Laptops"),
    ("ASUS", "Vivobook 15", '15.6" FHD Touch-Screen', 15.6, [(I5, 8, "512GB SSD", 499), (I7, 16, "512GB SSD", 699)], ["Quiet Blue", "Transparent Silver"], 220, "Windows Laptops"),
    ("ASUS", "Zenbook 14 OLED", '14" 2.8K OLED', 14.0, [(I7, 16, "1TB SSD", 999)], ["Ponder Blue", "Jasper Gray"], 150, "Windows Laptops"),
    ("Samsung", "Galaxy Book3 Pro", '14" AMOLED', 14.0, [(I7, 16, "512GB SSD", 1249)], ["Graphite", "Beige"], 110, "Windows Laptops"),
    ("Microsoft", "Surface Pro 9", '13" Touch-Screen', 13.0, [(I5, 8, "256GB SSD", 999), (I7, 16, "512GB SSD", 1599)], ["Platinum", "Graphite"], 190, "2-in-1 Laptops"),
    ("HP", "ENVY x360 15", '15.6" FHD Touch-Screen', 15.6, [(R7, 16, "512GB SSD", 899)], ["Nightfall Black", "Natural Silver"], 150, "2-in-1 Laptops"),
    ("Dell", "Latitude 5440", '14" FHD', 14.0, [(I5, 16, "256GB SSD", 1099)], ["Gray"], 70, "Windows Laptops"),
    ("Lenovo", "Yoga 9i", '14" 2.8K OLED Touch-Screen', 14.0, [(I7, 16, "1TB SSD", 1399)], ["Oatmeal", "Storm Grey"], 110, "2-in-1 Laptops"),
]
MORE_GAMING = [
    ("MSI", "Katana 15", '15.6" 144Hz', 15.6, I7, 16, "RTX 4050", "512GB SSD", 999, 130),
    ("Razer", "Blade 15", '15.6" QHD 240Hz', 15.6, I7, 16, "RTX 4070", "1TB SSD", 2499, 90),
    ("Acer", "Nitro 5", '15.6" FHD 144Hz', 15.6, R5, 8, "RTX 3050", "512GB SSD", 699, 200),
]

MORE_MONITORS = [
    ('Samsung - 24" FHD Curved Monitor - Black', 24, 149.99, 110),
    ('Samsung - Odyssey Neo G8 32" 4K UHD 240Hz Curved Mini-LED Gaming Monitor - White', 32, 1299.99, 50),
    ('LG - UltraGear 45" OLED Curved 240Hz Gaming Monitor - Black', 45, 1699.99, 40),
    ('Acer - Nitro 27" QHD 170Hz Gaming Monitor - Black', 27, 229.99, 90),
    ('MSI - MAG 274QRF-QD 27" QHD 165Hz Gaming Monitor - Black', 27, 299.99, 70),
    ('BenQ - PD2705U 27" 4K UHD IPS Designer Monitor - Gray', 27, 499.99, 40),
    ('ViewSonic - VA2447-MH 24" FHD Monitor - Black', 24, 99.99, 60),
    ('HP - 27" IPS FHD FreeSync Monitor - Black', 27, 159.99, 90),
]

MORE_MOVIES = [
    "Mission: Impossible - Dead Reckoning Part One", "Fast X", "The Little Mermaid", "Aquaman and the Lost Kingdom",
    "The Hunger Games: The Ballad of Songbirds & Snakes", "Wish", "Trolls Band Together", "Napoleon",
    "Godzilla Minus One", "Killers of the Flower Moon", "Transformers: Rise of the Beasts", "The Marvels",
]

MORE_GAMES = [
    ("Baldur's Gate 3", ["PlayStation 5", "Xbox Series X"], 260, "Larian Studios"),
    ("Alan Wake 2", ["PlayStation 5", "Xbox Series X"], 120, "Epic Games"),
    ("Armored Core VI: Fires of Rubicon", ["PlayStation 5", "Xbox Series X", "PlayStation 4"], 100, "Bandai Namco"),
    ("Star Wars Jedi: Survivor", ["PlayStation 5", "Xbox Series X"], 150, "Electronic Arts"),
    ("Dead Space", ["PlayStation 5", "Xbox Series X"], 110, "Electronic Arts"),
    ("The Crew Motorfest", ["PlayStation 5", "Xbox Series X", "PlayStation 4"], 80, "Ubisoft"),
    ("Super Mario RPG", ["Nintendo Switch"], 240, "Nintendo"),
    ("Princess Peach: Showtime!", ["Nintendo Switch"], 140, "Nintendo"),
    ("Pokémon Legends: Arceus", ["Nintendo Switch"], 260, "Nintendo"),
    ("Xenoblade Chronicles 3", ["Nintendo Switch"], 90, "Nintendo"),
    ("Overcooked! All You Can Eat", ["Nintendo Switch", "PlayStation 5"], 90, "Team17"),
    ("Stardew Valley", ["Nintendo Switch", "PlayStation 4"], 150, "ConcernedApe"),
]
FAMILY_OF = {"PlayStation 5": "PS5", "PlayStation 4": "PS4", "Xbox Series X": "Xbox Series X", "Nintendo Switch": "Nintendo Switch"}

# title, kind, price, popularity, leaf path
MISC = [
    ("Sonos - Move 2 Portable Smart Speaker - Black", "speaker", 449.0, 90, ("Audio", "Speakers", "Bluetooth Speakers")),
    ("Marshall - Emberton II Portable Bluetooth Speaker - Black & Brass", "speaker", 169.99, 70, ("Audio", "Speakers", "Bluetooth Speakers")),
    ("Anker - Soundcore Motion+ Portable Bluetooth Speaker - Black", "speaker", 99.99, 90, ("Audio", "Speakers", "Bluetooth Speakers")),
    ("Bose - SoundLink Max Portable Bluetooth Speaker - Black", "speaker", 399.0, 120, ("Audio", "Speakers", "Bluetooth Speakers")),
    ("Tribit - StormBox Micro 2 Portable Bluetooth Speaker - Black", "speaker", 59.99, 60, ("Audio", "Speakers", "Bluetooth Speakers")),
    ("Klipsch - The One Plus Bluetooth Tabletop Speaker - Walnut", "speaker", 399.99, 30, ("Audio", "Speakers", "Bluetooth Speakers")),
    ("Bose - Home Speaker 500 Smart Speaker with Alexa - Triple Black", "smart_speaker", 449.0, 50, ("Audio", "Speakers", "Smart Speakers & Displays")),
    ("Amazon - Echo Pop Smart Speaker with Alexa - Charcoal", "smart_speaker", 39.99, 220, ("Audio", "Speakers", "Smart Speakers & Displays")),
    ("Amazon - Echo Show 5 (3rd Gen) Smart Display with Alexa - Charcoal", "smart_speaker", 89.99, 180, ("Audio", "Speakers", "Smart Speakers & Displays")),
    ("Ring - Floodlight Cam Wired Plus Outdoor Security Camera - White", "security_camera", 199.99, 110, ("Smart Home", "Smart Home Devices", "Security Cameras")),
    ("Ring - Spotlight Cam Plus Battery Outdoor Security Camera - Black", "security_camera", 199.99, 100, ("Smart Home", "Smart Home Devices", "Security Cameras")),
    ("Ring - Alarm 8-Piece Home Security Kit (2nd Gen) - White", "security_system", 249.99, 90, ("Smart Home", "Smart Home Devices", "Security Cameras")),
    ("SimpliSafe - 8-Piece Wireless Home Security System - White", "security_system", 249.99, 70, ("Smart Home", "Smart Home Devices", "Security Cameras")),
    ("Eufy - Video Doorbell Dual 2K Battery - Black", "doorbell", 199.99, 70, ("Smart Home", "Smart Home Devices", "Video Doorbells")),
    ("Lutron - Caséta Smart Lighting Dimmer Switch Starter Kit - White", "smart_switch", 99.95, 60, ("Smart Home", "Smart Home Devices", "Smart Lighting & Plugs")),
    ("Govee - RGBIC LED Strip Lights 32.8ft - Multicolor", "smart_bulb", 39.99, 120, ("Smart Home", "Smart Home Devices", "Smart Lighting & Plugs")),
    ("Nanoleaf - Shapes Hexagons Smarter Kit (9 Panels) - Multicolor", "smart_bulb", 199.99, 50, ("Smart Home", "Smart Home Devices", "Smart Lighting & Plugs")),
    ("Chamberlain - myQ Smart Garage Door Opener - Black", "garage_opener", 29.99, 90, ("Smart Home", "Smart Home Devices", "Smart Locks")),
    ("Segway - Ninebot KickScooter Max G30P Electric Scooter - Dark Gray", "scooter", 949.99, 80, ("Health, Fitness & Beauty", "Personal Mobility", "Electric Scooters")),
    ("Segway - Ninebot F40 Electric Kick Scooter - Dark Gray", "scooter", 599.99, 70, ("Health, Fitness & Beauty", "Personal Mobility", "Electric Scooters")),
    ("GOTRAX - XR Elite Electric Scooter - Black", "scooter", 299.99, 90, ("Health, Fitness & Beauty", "Personal Mobility", "Electric Scooters")),
    ("Hover-1 - Superfly H1 Hoverboard - Black", "hoverboard", 199.99, 80, ("Health, Fitness & Beauty", "Personal Mobility", "Hoverboards & E-Bikes")),
    ("Jetson - Haze Folding Electric Bike - Black", "ebike", 599.99, 50, ("Health, Fitness & Beauty", "Personal Mobility", "Hoverboards & E-Bikes")),
    ("Rad Power Bikes - RadCity 5 Plus Electric Commuter Bike - Charcoal", "ebike", 1999.0, 30, ("Health, Fitness & Beauty", "Personal Mobility", "Hoverboards & E-Bikes")),
    ("DJI - Air 3 Drone Fly More Combo with RC-N2 Remote - Gray", "drone", 1349.0, 70, ("Cameras & Camcorders", "Drones", "Camera Drones")),
    ("DJI - Avata 2 FPV Drone Fly More Combo - Black", "drone", 999.0, 40, ("Cameras & Camcorders", "Drones", "Camera Drones")),
    ("Canon - EOS R8 Mirrorless Camera with RF 24-50mm Lens - Black", "camera", 1699.0, 90, ("Cameras & Camcorders", "Digital Cameras", "Mirrorless Cameras")),
    ("Panasonic - LUMIX G7 Mirrorless Camera with 14-42mm Lens - Black", "camera", 599.99, 70, ("Cameras & Camcorders", "Digital Cameras", "Mirrorless Cameras")),
    ("Kodak - PIXPRO FZ55 16.4-Megapixel Digital Camera - Black", "camera", 149.99, 80, ("Cameras & Camcorders", "Digital Cameras", "Point & Shoot Cameras")),
    ("Polaroid - Now+ Gen 2 i-Type Instant Camera - Black", "instant_camera", 149.99, 70, ("Cameras & Camcorders", "Digital Cameras", "Instant Cameras")),
    ("HP - 65XL High-Yield Ink Cartridge - Black", "ink", 37.99, 60, ("Computers & Tablets", "Printers & Ink", "Printer Ink & Toner")),
    ("Canon - CL-246 Standard Capacity Ink Cartridge - Tri-Color", "ink", 25.99, 50, ("Computers & Tablets", "Printers & Ink", "Printer Ink & Toner")),
    ("Epson - EcoTank 522 Ink Bottle 4-Pack - Multicolor", "ink", 59.99, 40, ("Computers & Tablets", "Printers & Ink", "Printer Ink & Toner")),
    ("HP - LaserJet M209dwe Wireless Black-and-White Laser Printer - White", "printer", 149.99, 80, ("Computers & Tablets", "Printers & Ink", "Printers")),
]


def add_more(catalog):
    for title, kind, price, pop in MAJOR:
        finish = title.rsplit(" - ", 1)[1]
        if kind in ("mini_fridge", "washer_dryer") or finish not in FINISHES:
            continue
        for i, other in enumerate(FINISHES[finish]):
            variant = title.rsplit(" - ", 1)[0] + f" - {other}"
            if catalog.has(variant):
                continue
            leaf = {"refrigerator": "Refrigerators", "washer": "Washers", "dryer": "Dryers", "dishwasher": "Dishwashers",
                    "range": "Ranges"}[kind]
            capacity = variant.split(" - ")[1].split(" cu. ft.")[0] if "cu. ft." in variant else None
            attributes = {"color": other}
            if capacity:
                attributes["capacity_cu_ft"] = float(capacity.split()[-1])
            catalog.simple(variant, kind, price + 100 * (i == 0), pop * (0.5 if i == 0 else 0.3), ("Appliances", "Major Appliances", leaf),
                           about="Ice maker included." if "Ice" in variant else "", attributes=attributes, ice_maker="Ice" in variant)
    for brand, family, label, size, configs, colours, pop, leaf in MORE_LAPTOPS:
        for i, (chip, ram, ssd, price) in enumerate(configs):
            for j, colour in enumerate(colours):
                laptop(catalog, brand, family, label, size, chip, ram, ssd, colour, price,
                       pop * (1.0 if i == 0 else 0.7) * (1.0 if j == 0 else 0.6), leaf)
    for brand, family, label, size, chip, ram, gpu, ssd, price, pop in MORE_GAMING:
        laptop(catalog, brand, family, label, size, chip, ram, ssd, "Black", price, pop, "Gaming Laptops", gpu=gpu)
    for title, size, price, pop in MORE_MONITORS:
        gaming = "Gaming" in title
        catalog.simple(title, "monitor", price, pop, ("Computers & Tablets", "Monitors",
                                                      "Gaming Monitors" if gaming else "Computer Monitors"),
                       about=f"A {size}-inch class computer monitor.", attributes={"screen_size_in": size},
                       gaming=gaming, screen=size)
    for i, name in enumerate(MORE_MOVIES):
        for fmt, price, share in (("4K Ultra HD Blu-ray", 29.99, 1.0), ("Blu-ray", 22.99, 0.7)):
            catalog.add(f"{name} [{fmt}]", f"{name} on {fmt}.", price,
                        ("Movies & Music", "Movies & TV Shows", "4K Ultra HD Movies" if fmt.startswith("4K") else "Blu-ray Movies"),
                        "Studio Distribution", {"format": fmt}, popularity=(80 - 4 * i) * share, kind="movie", family=name)
    for name, platforms, pop, publisher in MORE_GAMES:
        for platform in platforms:
            leaf = {"PlayStation 5": "PS5 Games", "PlayStation 4": "PS4 Games", "Xbox Series X": "Xbox Series X|S Games",
                    "Nintendo Switch": "Nintendo Switch Games"}[platform]
            catalog.add(f"{name} - {platform}", f"{name} for {platform}.", 59.99, ("Video Games", "Video Games", leaf),
                        publisher, {"platform": platform}, popularity=pop * (0.5 if platform == "PlayStation 4" else 1.0),
                        kind="game", family=name, compat=[FAMILY_OF[platform]], game=name)
    for title, kind, price, pop, path in MISC:
        catalog.simple(title, kind, price, pop, path, waterproof="Waterproof" in title)
