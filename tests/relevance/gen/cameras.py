"""Cameras (DSLR, mirrorless, point-and-shoot, action, instant), kits and
bundles, lenses per mount, and camera accessories (bags, tripods,
batteries, memory cards, GoPro mounts)."""

CAM = "Cameras & Camcorders"

# title, family, mount, kind, leaf, price, popularity, bundle
CAMERAS = [
    ("Canon - EOS Rebel T7 DSLR Camera with EF-S 18-55mm IS II Lens - Black", "EOS Rebel T7", "Canon EF", "camera", "DSLR Cameras", 479, 480, False),
    ("Canon - EOS Rebel T7 DSLR Two Lens Kit with EF-S 18-55mm and EF 75-300mm Lenses - Black", "EOS Rebel T7", "Canon EF", "camera", "DSLR Cameras", 599, 400, True),
    ("Canon - EOS Rebel T8i DSLR Camera with EF-S 18-55mm IS STM Lens - Black", "EOS Rebel T8i", "Canon EF", "camera", "DSLR Cameras", 899, 200, False),
    ("Canon - EOS 90D DSLR Camera (Body Only) - Black", "EOS 90D", "Canon EF", "camera", "DSLR Cameras", 1199, 120, False),
    ("Canon - EOS R50 Mirrorless Camera with RF-S 18-45mm f/4.5-6.3 IS STM Lens - Black", "EOS R50", "Canon RF", "camera", "Mirrorless Cameras", 799, 330, False),
    ("Canon - EOS R50 Mirrorless Camera with RF-S 18-45mm f/4.5-6.3 IS STM Lens - White", "EOS R50", "Canon RF", "camera", "Mirrorless Cameras", 799, 160, False),
    ("Canon - EOS R10 Mirrorless Camera (Body Only) - Black", "EOS R10", "Canon RF", "camera", "Mirrorless Cameras", 979, 170, False),
    ("Canon - EOS R6 Mark II Mirrorless Camera (Body Only) - Black", "EOS R6 Mark II", "Canon RF", "camera", "Mirrorless Cameras", 2499, 150, False),
    ("Canon - EOS R5 Mirrorless Camera (Body Only) - Black", "EOS R5", "Canon RF", "camera", "Mirrorless Cameras", 3899, 90, False),
    ("Canon - PowerShot G7 X Mark III 20.1-Megapixel Digital Camera - Black", "PowerShot G7 X Mark III", None, "camera", "Point & Shoot Cameras", 749, 260, False),
    ("Canon - PowerShot G7 X Mark III 20.1-Megapixel Digital Camera - Silver", "PowerShot G7 X Mark III", None, "camera", "Point & Shoot Cameras", 749, 130, False),
    ("Canon - PowerShot SX740 HS 20.3-Megapixel Digital Camera - Black", "PowerShot SX740 HS", None, "camera", "Point & Shoot Cameras", 399, 140, False),
    ("Nikon - D3500 DSLR Camera with AF-P DX NIKKOR 18-55mm f/3.5-5.6G VR Lens - Black", "D3500", "Nikon F", "camera", "DSLR Cameras", 499, 300, False),
    ("Nikon - D3500 DSLR Two Lens Kit with AF-P DX NIKKOR 18-55mm and 70-300mm Lenses - Black", "D3500", "Nikon F", "camera", "DSLR Cameras", 649, 220, True),
    ("Nikon - D7500 DSLR Camera (Body Only) - Black", "D7500", "Nikon F", "camera", "DSLR Cameras", 999, 110, False),
    ("Nikon - D780 DSLR Camera (Body Only) - Black", "D780", "Nikon F", "camera", "DSLR Cameras", 1899, 70, False),
    ("Nikon - Z50 Mirrorless Camera Two Lens Kit with NIKKOR Z DX 16-50mm and 50-250mm Lenses - Black", "Z50", "Nikon Z", "camera", "Mirrorless Cameras", 1099, 220, True),
    ("Nikon - Z50 Mirrorless Camera with NIKKOR Z DX 16-50mm Lens - Black", "Z50", "Nikon Z", "camera", "Mirrorless Cameras", 899, 200, False),
    ("Nikon - Z fc Mirrorless Camera with NIKKOR Z 28mm f/2.8 SE Lens - Silver", "Z fc", "Nikon Z", "camera", "Mirrorless Cameras", 1049, 130, False),
    ("Nikon - Z5 Mirrorless Camera (Body Only) - Black", "Z5", "Nikon Z", "camera", "Mirrorless Cameras", 999, 110, False),
    ("Nikon - Z6 II Mirrorless Camera (Body Only) - Black", "Z6 II", "Nikon Z", "camera", "Mirrorless Cameras", 1599, 100, False),
    ("Nikon - Z8 Mirrorless Camera (Body Only) - Black", "Z8", "Nikon Z", "camera", "Mirrorless Cameras", 3999, 60, False),
    ("Nikon - COOLPIX P1000 16.0-Megapixel Digital Camera - Black", "COOLPIX P1000", None, "camera", "Point & Shoot Cameras", 999, 90, False),
    ("Nikon - COOLPIX B500 16.0-Megapixel Digital Camera - Black", "COOLPIX B500", None, "camera", "Point & Shoot Cameras", 299, 80, False),
    ("Sony - Alpha a6400 Mirrorless Camera with E PZ 16-50mm Lens - Black", "Alpha a6400", "Sony E", "camera", "Mirrorless Cameras", 999, 280, False),
    ("Sony - Alpha a6400 Mirrorless Camera (Body Only) - Black", "Alpha a6400", "Sony E", "camera", "Mirrorless Cameras", 899, 150, False),
    ("Sony - Alpha a6700 Mirrorless Camera (Body Only) - Black", "Alpha a6700", "Sony E", "camera", "Mirrorless Cameras", 1399, 120, False),
    ("Sony - Alpha 7 III Full-Frame Mirrorless Camera with FE 28-70mm Lens - Black", "Alpha 7 III", "Sony E", "camera", "Mirrorless Cameras", 1999, 200, False),
    ("Sony - Alpha 7 IV Full-Frame Mirrorless Camera (Body Only) - Black", "Alpha 7 IV", "Sony E", "camera", "Mirrorless Cameras", 2499, 240, False),
    ("Sony - Alpha 7R V Full-Frame Mirrorless Camera (Body Only) - Black", "Alpha 7R V", "Sony E", "camera", "Mirrorless Cameras", 3899, 70, False),
    ("Sony - ZV-E10 Mirrorless Vlog Camera with 16-50mm Lens - Black", "ZV-E10", "Sony E", "camera", "Mirrorless Cameras", 749, 260, False),
    ("Sony - ZV-E10 Mirrorless Vlog Camera with 16-50mm Lens - White", "ZV-E10", "Sony E", "camera", "Mirrorless Cameras", 749, 140, False),
    ("Sony - ZV-1 20.1-Megapixel Digital Vlog Camera - Black", "ZV-1", None, "camera", "Point & Shoot Cameras", 749, 180, False),
    ("Sony - Cyber-shot RX100 VII 20.1-Megapixel Digital Camera - Black", "RX100 VII", None, "camera", "Point & Shoot Cameras", 1299, 90, False),
    ("Fujifilm - X-T5 Mirrorless Camera (Body Only) - Silver", "X-T5", "Fujifilm X", "camera", "Mirrorless Cameras", 1699, 110, False),
    ("Fujifilm - INSTAX Mini 12 Instant Film Camera - Clay White", "INSTAX Mini 12", None, "instant_camera", "Instant Cameras", 79, 260, False),
    ("Fujifilm - INSTAX Mini 12 Instant Film Camera - Blossom Pink", "INSTAX Mini 12", None, "instant_camera", "Instant Cameras", 79, 200, False),
    ("GoPro - HERO12 Black Action Camera - Black", "HERO12 Black", None, "action_camera", "Action Cameras", 399, 520, False),
    ("GoPro - HERO12 Black Creator Edition Action Camera Bundle - Black", "HERO12 Black", None, "action_camera", "Action Cameras", 579, 250, True),
    ("GoPro - HERO11 Black Action Camera - Black", "HERO11 Black", None, "action_camera", "Action Cameras", 349, 330, False),
    ("GoPro - HERO11 Black Mini Action Camera - Black", "HERO11 Black Mini", None, "action_camera", "Action Cameras", 299, 150, False),
    ("GoPro - Refurbished HERO10 Black Action Camera - Black", "HERO10 Black", None, "action_camera", "Action Cameras", 229, 140, False),
    ("DJI - Osmo Action 4 Standard Combo Action Camera - Black", "Osmo Action 4", None, "action_camera", "Action Cameras", 399, 160, True),
    ("DJI - Osmo Pocket 3 Creator Combo 4K Gimbal Camera - Gray", "Osmo Pocket 3", None, "action_camera", "Action Cameras", 669, 140, True),
    ("Insta360 - X3 360-Degree Action Camera - Black", "X3", None, "action_camera", "Action Cameras", 449, 120, False),
    ("Canon - VIXIA HF R800 HD Flash Memory Camcorder - Black", "VIXIA HF R800", None, "camcorder", "Camcorders", 299, 90, False),
    ("Sony - HDR-CX405 HD Flash Memory Camcorder - Black", "HDR-CX405", None, "camcorder", "Camcorders", 279, 80, False),
    ("DJI - Mini 4 Pro Drone with RC 2 Remote Control - Gray", "Mini 4 Pro", None, "drone", "Drones", 959, 150, False),
    ("DJI - Mini 2 SE Drone with Remote Control - Gray", "Mini 2 SE", None, "drone", "Drones", 339, 160, False),
]

# title, mount, price, popularity
LENSES = [
    ("Canon - EF 50mm f/1.8 STM Standard Lens - Black", "Canon EF", 125, 260),
    ("Canon - EF 75-300mm f/4-5.6 III Telephoto Zoom Lens - Black", "Canon EF", 199, 200),
    ("Canon - EF-S 55-250mm f/4-5.6 IS STM Telephoto Zoom Lens - Black", "Canon EF", 299, 150),
    ("Canon - EF-S 10-18mm f/4.5-5.6 IS STM Wide-Angle Zoom Lens - Black", "Canon EF", 299, 90),
    ("Canon - EF 70-200mm f/2.8L IS III USM Telephoto Zoom Lens - White", "Canon EF", 2099, 50),
    ("Canon - RF 50mm F1.8 STM Standard Lens - Black", "Canon RF", 199, 180),
    ("Canon - RF 24-105mm F4-7.1 IS STM Standard Zoom Lens - Black", "Canon RF", 399, 120),
    ("Canon - RF-S 55-210mm F5-7.1 IS STM Telephoto Zoom Lens - Black", "Canon RF", 349, 90),
    ("Canon - RF 100-400mm F5.6-8 IS USM Telephoto Zoom Lens - Black", "Canon RF", 649, 60),
    ("Nikon - AF-S NIKKOR 50mm f/1.8G Standard Lens - Black", "Nikon F", 219, 120),
    ("Nikon - AF-P DX NIKKOR 70-300mm f/4.5-6.3G ED VR Telephoto Zoom Lens - Black", "Nikon F", 399, 100),
    ("Nikon - AF-S DX NIKKOR 35mm f/1.8G Standard Lens - Black", "Nikon F", 199, 90),
    ("Nikon - NIKKOR Z 24-70mm f/4 S Standard Zoom Lens - Black", "Nikon Z", 999, 80),
    ("Nikon - NIKKOR Z 50mm f/1.8 S Standard Lens - Black", "Nikon Z", 599, 70),
    ("Nikon - NIKKOR Z DX 50-250mm f/4.5-6.3 VR Telephoto Zoom Lens - Black", "Nikon Z", 349, 60),
    ("Sony - FE 50mm F1.8 Standard Lens for Alpha E-mount Cameras - Black", "Sony E", 249, 160),
    ("Sony - E 18-135mm F3.5-5.6 OSS Zoom Lens for Alpha E-mount Cameras - Black", "Sony E", 599, 90),
    ("Sony - FE 85mm F1.8 Telephoto Lens for Alpha E-mount Cameras - Black", "Sony E", 599, 90),
    ("Sony - FE 24-70mm F2.8 GM II Zoom Lens for Alpha E-mount Cameras - Black", "Sony E", 2299, 50),
    ("Sony - E 10-18mm F4 OSS Wide-Angle Zoom Lens for Alpha E-mount Cameras - Black", "Sony E", 749, 50),
    ("Sigma - 18-50mm F2.8 DC DN Contemporary Zoom Lens for Sony E-mount - Black", "Sony E", 549, 60),
    ("Tamron - 28-75mm F/2.8 Di III VXD G2 Zoom Lens for Sony E-mount - Black", "Sony E", 899, 70),
    ("Sigma - 150-600mm F5-6.3 DG OS HSM Contemporary Lens for Canon EF - Black", "Canon EF", 1089, 30),
    ("Tamron - 18-400mm F/3.5-6.3 Di II VC HLD Zoom Lens for Nikon F - Black", "Nikon F", 649, 25),
]

# title, kind, price, popularity, compat
CAMERA_ACCESSORIES = [
    ("Lowepro - Adventura SH 140 III Camera Shoulder Bag - Black", "camera_bag", 39.99, 80, ["any camera"]),
    ("Peak Design - Everyday Backpack 20L Camera Bag - Black", "camera_bag", 279.99, 50, ["any camera"]),
    ("Case Logic - DSLR Camera Backpack - Black", "camera_bag", 69.99, 60, ["any camera"]),
    ("Insignia™ - Camera Sling Bag - Gray", "camera_bag", 29.99, 30, ["any camera"]),
    ("Manfrotto - Compact Action Aluminum Tripod - Black", "tripod", 69.99, 90, ["any camera"]),
    ("Joby - GorillaPod 3K Kit Flexible Tripod - Black", "tripod", 59.99, 100, ["any camera"]),
    ("Insignia™ - 60\" Full-Size Tripod - Black", "tripod", 29.99, 70, ["any camera"]),
    ("Peak Design - Travel Tripod Aluminum - Black", "tripod", 399.99, 30, ["any camera"]),
    ("Canon - LP-E10 Rechargeable Lithium-Ion Battery - Black", "camera_battery", 49.99, 60, ["EOS Rebel T7"]),
    ("Canon - LP-E17 Rechargeable Lithium-Ion Battery - Black", "camera_battery", 59.99, 60, ["EOS R50", "EOS R10", "EOS Rebel T8i"]),
    ("Nikon - EN-EL14a Rechargeable Lithium-Ion Battery - Black", "camera_battery", 49.99, 40, ["D3500"]),
    ("Nikon - EN-EL25 Rechargeable Lithium-Ion Battery - Black", "camera_battery", 49.99, 30, ["Z50", "Z fc"]),
    ("Sony - NP-FW50 Rechargeable Lithium-Ion Battery - Black", "camera_battery", 49.99, 50, ["Alpha a6400", "ZV-E10"]),
    ("Sony - NP-FZ100 Rechargeable Lithium-Ion Battery - Black", "camera_battery", 79.99, 45, ["Alpha 7 III", "Alpha 7 IV", "Alpha 7R V", "Alpha a6700"]),
    ("GoPro - Enduro Rechargeable Battery (HERO12/11/10/9 Black) - Black", "camera_battery", 24.99, 120, ["GoPro"]),
    ("GoPro - Dual Battery Charger + Enduro Batteries (HERO12/11/10/9 Black) - Black", "camera_battery", 59.99, 90, ["GoPro"]),
    ("GoPro - Head Strap 2.0 Mount - Black", "action_mount", 24.99, 80, ["GoPro"]),
    ("GoPro - Chest Mount Harness (Chesty) - Black", "action_mount", 39.99, 70, ["GoPro"]),
    ("GoPro - Handler Floating Hand Grip - Black", "action_mount", 39.99, 60, ["GoPro"]),
    ("GoPro - Shorty Mini Extension Pole + Tripod - Black", "action_mount", 39.99, 90, ["GoPro"]),
    ("GoPro - Handlebar/Seatpost/Pole Mount - Black", "action_mount", 39.99, 50, ["GoPro"]),
    ("GoPro - Protective Housing + Waterproof Case (HERO12/11/10/9 Black) - Black", "action_mount", 49.99, 60, ["GoPro"]),
    ("GoPro - Media Mod (HERO12/11/10/9 Black) - Black", "action_mount", 79.99, 40, ["GoPro"]),
    ("Insignia™ - 50-Piece Accessory Kit for GoPro Cameras - Black", "action_mount", 39.99, 30, ["GoPro"]),
    ("Insignia™ - Suction Cup Mount for GoPro Cameras - Black", "action_mount", 19.99, 20, ["GoPro"]),
    ("Tiffen - 58mm UV Protector Filter - Clear", "lens_filter", 19.99, 40, ["any camera"]),
    ("Canon - Speedlite EL-100 Flash - Black", "flash", 199.99, 30, ["Canon EF", "Canon RF"]),
    ("Insignia™ - 10\" LED Ring Light with Phone Holder - Black", "ring_light", 29.99, 90, ["any camera", "any phone"]),
    ("Fujifilm - INSTAX Mini Instant Film (20 Sheets) - White", "instant_film", 16.99, 120, ["INSTAX Mini 12", "INSTAX Mini 11"]),
]

# stem, kind, capacities (GB), price, popularity
MEMORY_CARDS = [
    ("SanDisk - Extreme PRO {cap}GB SDXC UHS-I Memory Card", "sd_card", [64, 128, 256], 24.99, 200),
    ("SanDisk - Extreme {cap}GB microSDXC UHS-I Memory Card for Action Cameras and Drones", "microsd_card", [64, 128, 256], 19.99, 230),
    ("Samsung - PRO Plus {cap}GB microSDXC UHS-I Memory Card with Adapter", "microsd_card", [128, 256, 512], 17.99, 160),
    ("Lexar - Professional 1667x {cap}GB SDXC UHS-II Memory Card", "sd_card", [64, 128], 39.99, 60),
    ("SanDisk - Ultra {cap}GB microSDHC UHS-I Memory Card", "microsd_card", [32], 9.99, 90),
]


def add_cameras(catalog):
    for title, family, mount, kind, leaf, price, pop, bundle in CAMERAS:
        middle = {"camera": "Digital Cameras", "instant_camera": "Digital Cameras",
                  "action_camera": "Camcorders & Action Cameras", "camcorder": "Camcorders & Action Cameras",
                  "drone": "Drones"}[kind]
        if kind == "drone":
            leaf = "Camera Drones"
        refurbished = "Refurbished" in title
        attributes = {"color": title.rsplit(" - ", 1)[1]}
        if mount:
            attributes["lens_mount"] = mount
        words = {"camera": "Capture stunning photos and 4K video.", "action_camera": "Waterproof action camera for "
                 "adventures; records 5.3K video.", "instant_camera": "Prints instant photos in seconds.",
                 "camcorder": "Records HD video.", "drone": "Flies and films stabilized 4K video."}[kind]
        catalog.add(title, f"{title.split(' - ')[1]}. {words}" + (" Bundle with extras." if bundle else ""),
                    price * (0.6 if refurbished else 1), (CAM, middle, leaf), title.split(" - ")[0], attributes,
                    popularity=pop, kind=kind, family=family, compat=[mount] if mount else [],
                    bundle=bundle, condition="refurbished" if refurbished else "new", mount=mount)
    for title, mount, price, pop in LENSES:
        catalog.simple(title, "lens", price, pop, (CAM, "Camera Accessories", "Camera Lenses"), compat=[mount],
                       about=f"Interchangeable lens for {mount}-mount cameras.", attributes={"lens_mount": mount},
                       mount=mount)
    for title, kind, price, pop, compat in CAMERA_ACCESSORIES:
        leaf = {"camera_bag": "Camera Bags & Cases", "tripod": "Tripods & Supports", "camera_battery":
                "Camera Batteries & Power", "action_mount": "Action Camera Accessories"}.get(kind, "Lighting, Flashes & Filters")
        catalog.simple(title, kind, price, pop, (CAM, "Camera Accessories", leaf), compat=compat,
                       about="Photography accessory for your camera.")
    for stem, kind, caps, price, pop in MEMORY_CARDS:
        for i, cap in enumerate(caps):
            title = stem.format(cap=cap)
            catalog.simple(title, kind, price * (1 + i), pop * (1.0 if i == 0 else 0.7),
                           (CAM, "Camera Accessories", "Memory Cards"),
                           about="Fast memory card for cameras, phones and consoles.",
                           attributes={"storage_gb": cap}, storage=cap,
                           compat=["any camera", "GoPro", "Nintendo Switch"] if kind == "microsd_card" else ["any camera"])
