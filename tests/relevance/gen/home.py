"""Appliances (major and small kitchen), vacuums, their filters and
supplies, and smart home devices."""

APP = "Appliances"

# title, kind, price, popularity
MAJOR = [
    ("Samsung - 28 cu. ft. 4-Door French Door Smart Refrigerator with FlexZone and Ice Maker - Stainless Steel", "refrigerator", 2299, 260),
    ("Samsung - 28 cu. ft. 4-Door French Door Smart Refrigerator with FlexZone and Ice Maker - Black Stainless Steel", "refrigerator", 2399, 150),
    ("Samsung - 27.4 cu. ft. Side-by-Side Refrigerator with Ice Maker - Stainless Steel", "refrigerator", 1399, 200),
    ("Samsung - Bespoke 29 cu. ft. 3-Door French Door Refrigerator with Beverage Center - White Glass", "refrigerator", 3299, 110),
    ("LG - 26.2 cu. ft. French Door Smart Refrigerator with Ice Maker - PrintProof Stainless Steel", "refrigerator", 1999, 210),
    ("LG - 27.2 cu. ft. Side-by-Side Smart Refrigerator with Craft Ice - PrintProof Stainless Steel", "refrigerator", 2199, 130),
    ("LG - 24.1 cu. ft. Bottom-Freezer Refrigerator with Ice Maker - Stainless Steel", "refrigerator", 1499, 90),
    ("Whirlpool - 25 cu. ft. French Door Refrigerator with Internal Water Dispenser - Fingerprint Resistant Stainless Steel", "refrigerator", 1899, 160),
    ("Whirlpool - 21.4 cu. ft. Side-by-Side Refrigerator - Monochromatic Stainless Steel", "refrigerator", 1299, 110),
    ("Whirlpool - 18.2 cu. ft. Top-Freezer Refrigerator - White", "refrigerator", 849, 150),
    ("GE - 27.7 cu. ft. French Door Refrigerator with Ice Maker - Stainless Steel", "refrigerator", 2099, 120),
    ("GE - 17.5 cu. ft. Top-Freezer Refrigerator - White", "refrigerator", 749, 130),
    ("Frigidaire - 18.3 cu. ft. Top-Freezer Refrigerator - Brushed Steel", "refrigerator", 799, 140),
    ("Frigidaire - 25.6 cu. ft. Side-by-Side Refrigerator with Ice Maker - Stainless Steel", "refrigerator", 1299, 120),
    ("Insignia™ - 3.1 cu. ft. Mini Fridge with Top Freezer - Stainless Steel", "mini_fridge", 219, 250),
    ("Frigidaire - 3.1 cu. ft. Compact Refrigerator - Black", "mini_fridge", 229, 140),
    ("Galanz - 3.1 cu. ft. Retro Mini Fridge with Dual Door True Freezer - Red", "mini_fridge", 249, 120),
    ("LG - 4.5 cu. ft. High-Efficiency Smart Front Load Washer with Steam - Black Steel", "washer", 999, 200),
    ("LG - 5.0 cu. ft. High-Efficiency Smart Top Load Washer with TurboWash3D - White", "washer", 949, 170),
    ("Samsung - 5.0 cu. ft. High-Efficiency Top Load Washer with ActiveWave Agitator - Brushed Black", "washer", 899, 190),
    ("Samsung - 4.5 cu. ft. High-Efficiency Front Load Washer with Vibration Reduction - White", "washer", 799, 160),
    ("Whirlpool - 4.7 cu. ft. Top Load Washer with 2 in 1 Removable Agitator - White", "washer", 749, 180),
    ("Maytag - 4.8 cu. ft. High-Efficiency Top Load Washer with Extra Power - White", "washer", 899, 120),
    ("GE - 4.5 cu. ft. Top Load Washer with Water Level Control - White", "washer", 649, 110),
    ("LG - 7.4 cu. ft. Smart Electric Dryer with Steam - Black Steel", "dryer", 999, 170),
    ("Samsung - 7.4 cu. ft. Electric Dryer with Sensor Dry - Brushed Black", "dryer", 899, 160),
    ("Samsung - 7.4 cu. ft. Gas Dryer with Sensor Dry - White", "dryer", 849, 90),
    ("Whirlpool - 7.0 cu. ft. Electric Dryer with AutoDry - White", "dryer", 749, 150),
    ("Maytag - 7.0 cu. ft. Electric Dryer with Extra Power - White", "dryer", 849, 100),
    ("GE - 7.2 cu. ft. Electric Dryer with Sensor Dry - White", "dryer", 649, 100),
    ("LG - 4.2 cu. ft. All-in-One Washer & Electric Ventless Dryer Combo with Heat Pump - Black Steel", "washer_dryer", 2499, 70),
    ("Bosch - 300 Series 24\" Top Control Built-In Dishwasher with Stainless Steel Tub - Stainless Steel", "dishwasher", 899, 200),
    ("Bosch - 500 Series 24\" Pocket Handle Dishwasher with CrystalDry - Stainless Steel", "dishwasher", 1099, 150),
    ("Bosch - 800 Series 24\" Top Control Smart Built-In Dishwasher with CrystalDry - Black Stainless Steel", "dishwasher", 1399, 90),
    ("KitchenAid - 24\" Top Control Built-In Dishwasher with FreeFlex Third Rack - Stainless Steel", "dishwasher", 1049, 110),
    ("Whirlpool - 24\" Front Control Built-In Dishwasher - Stainless Steel", "dishwasher", 599, 130),
    ("GE - 24\" Top Control Built-In Dishwasher with Dry Boost - Stainless Steel", "dishwasher", 749, 100),
    ("Samsung - 24\" Top Control Smart Built-In Dishwasher with AutoRelease Dry - Stainless Steel", "dishwasher", 749, 120),
    ("GE - 5.3 cu. ft. Freestanding Electric Range with Self-Cleaning - Stainless Steel", "range", 899, 140),
    ("Samsung - 6.3 cu. ft. Freestanding Electric Convection Range with Air Fry - Stainless Steel", "range", 1099, 130),
    ("Samsung - 6.0 cu. ft. Freestanding Gas Convection Range with Air Fry - Stainless Steel", "range", 1199, 100),
    ("Frigidaire - 5.3 cu. ft. Freestanding Electric Range - Stainless Steel", "range", 749, 110),
    ("LG - 6.3 cu. ft. Smart Freestanding Electric True Convection Range with Air Fry - PrintProof Stainless Steel", "range", 1299, 80),
    ("Whirlpool - 5.0 cu. ft. Freestanding Gas Range - Stainless Steel", "range", 849, 80),
]

MICROWAVES = [
    ("Insignia™ - 0.7 cu. ft. Compact Microwave - Black", 69.99, 200, "countertop"),
    ("Insignia™ - 1.1 cu. ft. Microwave - Stainless Steel", 109.99, 160, "countertop"),
    ("Panasonic - 1.2 cu. ft. Countertop Microwave with Inverter Technology - Stainless Steel", 179.99, 150, "countertop"),
    ("Toshiba - 1.2 cu. ft. Countertop Microwave with Smart Sensor - Black Stainless Steel", 149.99, 130, "countertop"),
    ("GE - 1.1 cu. ft. Countertop Microwave - White", 119.99, 90, "countertop"),
    ("Samsung - 1.9 cu. ft. Over-the-Range Microwave with Sensor Cook - Stainless Steel", 379.99, 140, "over-the-range"),
    ("Whirlpool - 1.9 cu. ft. Over-the-Range Microwave - Stainless Steel", 399.99, 100, "over-the-range"),
    ("GE - 1.7 cu. ft. Over-the-Range Microwave - Black", 299.99, 80, "over-the-range"),
    ("Samsung - 1.1 cu. ft. Countertop Microwave with Grill - Black", 199.99, 70, "countertop"),
]

# title, kind, price, popularity, family
SMALL = [
    ("Keurig - K-Classic Single Serve K-Cup Pod Coffee Maker - Black", "coffee_maker", 129.99, 360, "Keurig"),
    ("Keurig - K-Classic Single Serve K-Cup Pod Coffee Maker - Rhubarb", "coffee_maker", 129.99, 150, "Keurig"),
    ("Keurig - K-Mini Single Serve K-Cup Pod Coffee Maker - Black", "coffee_maker", 89.99, 300, "Keurig"),
    ("Keurig - K-Mini Single Serve K-Cup Pod Coffee Maker - Poppy Red", "coffee_maker", 89.99, 140, "Keurig"),
    ("Keurig - K-Supreme Plus SMART Single Serve Coffee Maker with BrewID - Black", "coffee_maker", 199.99, 160, "Keurig"),
    ("Keurig - K-Elite Single Serve K-Cup Pod Coffee Maker - Brushed Silver", "coffee_maker", 189.99, 140, "Keurig"),
    ("Nespresso - Vertuo Next Coffee and Espresso Maker by Breville - Matte Black", "espresso_maker", 179.99, 220, "Nespresso"),
    ("Nespresso - VertuoPlus Coffee and Espresso Maker by De'Longhi - Black", "espresso_maker", 199.99, 140, "Nespresso"),
    ("Nespresso - Essenza Mini Espresso Machine by Breville - Black", "espresso_maker", 189.99, 100, "Nespresso"),
    ("Breville - Barista Express Espresso Machine - Brushed Stainless Steel", "espresso_maker", 699.99, 180, "Breville"),
    ("De'Longhi - Dedica Maestro Espresso Machine - Stainless Steel", "espresso_maker", 349.99, 70, "De'Longhi"),
    ("Ninja - DualBrew Pro Specialty 12-Cup Coffee Maker with K-Cup Compatibility - Black", "coffee_maker", 229.99, 160, "Ninja"),
    ("Cuisinart - 14-Cup Programmable Coffee Maker - Stainless Steel", "coffee_maker", 99.99, 130, "Cuisinart"),
    ("Mr. Coffee - 12-Cup Programmable Coffee Maker - Black", "coffee_maker", 39.99, 150, "Mr. Coffee"),
    ("Green Mountain Coffee - Breakfast Blend K-Cup Pods (24-Pack)", "coffee_pods", 17.99, 120, "Keurig"),
    ("Starbucks - Pike Place Roast K-Cup Pods (22-Pack)", "coffee_pods", 17.99, 100, "Keurig"),
    ("Keurig - My K-Cup Universal Reusable Coffee Filter - Black", "coffee_pods", 14.99, 60, "Keurig"),
    ("Ninja - Professional Plus Blender with Auto-iQ BN701 - Black", "blender", 129.99, 200, "Ninja"),
    ("Ninja - Nutri Pro Compact Personal Blender - Gray", "blender", 89.99, 140, "Ninja"),
    ("Vitamix - E310 Explorian Blender - Black", "blender", 349.99, 110, "Vitamix"),
    ("Vitamix - A3500 Ascent Series Smart Blender - Brushed Stainless Steel", "blender", 649.99, 60, "Vitamix"),
    ("NutriBullet - Pro 900W Personal Blender - Champagne", "blender", 99.99, 150, "NutriBullet"),
    ("Insignia™ - Personal Blender - Black", "blender", 24.99, 60, "Insignia"),
    ("Ninja - Air Fryer 4-qt. AF101 - Black", "air_fryer", 99.99, 320, "Ninja"),
    ("Ninja - Foodi 6-in-1 8-qt. 2-Basket Air Fryer with DualZone Technology DZ201 - Black", "air_fryer", 199.99, 300, "Ninja"),
    ("Ninja - Foodi 10-qt. 6-in-1 DualZone XL 2-Basket Air Fryer - Gray", "air_fryer", 229.99, 160, "Ninja"),
    ("Instant Pot - Vortex Plus 6-qt. ClearCook Air Fryer - Black", "air_fryer", 139.99, 180, "Instant Pot"),
    ("COSORI - Pro LE 5-qt. Air Fryer - Black", "air_fryer", 89.99, 160, "COSORI"),
    ("Insignia™ - 5-qt. Digital Air Fryer - Black", "air_fryer", 59.99, 130, "Insignia"),
    ("PowerXL - Vortex 7-qt. Air Fryer Pro - Black", "air_fryer", 119.99, 70, "PowerXL"),
    ("Breville - Smart Oven Air Fryer Pro - Brushed Stainless Steel", "toaster_oven", 399.99, 110, "Breville"),
    ("Instant Pot - Duo 7-in-1 6-qt. Electric Pressure Cooker - Stainless Steel", "pressure_cooker", 99.99, 230, "Instant Pot"),
    ("KitchenAid - Artisan Series 5-qt. Tilt-Head Stand Mixer - Empire Red", "stand_mixer", 449.99, 200, "KitchenAid"),
    ("KitchenAid - Artisan Series 5-qt. Tilt-Head Stand Mixer - Onyx Black", "stand_mixer", 449.99, 150, "KitchenAid"),
    ("KitchenAid - Classic Series 4.5-qt. Tilt-Head Stand Mixer - White", "stand_mixer", 329.99, 120, "KitchenAid"),
]

VACUUMS = [
    ("Dyson - V8 Cordless Stick Vacuum - Silver/Nickel", "vacuum", 399.99, 330, "Dyson V8"),
    ("Dyson - V11 Cordless Stick Vacuum - Nickel/Blue", "vacuum", 599.99, 260, "Dyson V11"),
    ("Dyson - V15 Detect Cordless Stick Vacuum - Yellow/Nickel", "vacuum", 749.99, 280, "Dyson V15 Detect"),
    ("Dyson - Gen5detect Cordless Stick Vacuum - Purple/Purple", "vacuum", 949.99, 110, "Dyson Gen5detect"),
    ("Dyson - Ball Animal 3 Upright Vacuum - Black/Nickel", "vacuum", 499.99, 120, "Dyson Ball Animal 3"),
    ("Shark - Navigator Lift-Away NV352 Upright Vacuum - Lavender", "vacuum", 199.99, 300, "Shark Navigator"),
    ("Shark - Stratos Upright Vacuum with DuoClean PowerFins - Navy", "vacuum", 399.99, 150, "Shark Stratos"),
    ("Shark - Vertex Pro Cordless Stick Vacuum with DuoClean - Gray", "vacuum", 349.99, 140, "Shark Vertex"),
    ("Shark - AI Ultra Robot Vacuum with Self-Empty Base - Black", "robot_vacuum", 449.99, 220, "Shark AI"),
    ("iRobot - Roomba i3+ EVO Self-Emptying Robot Vacuum - Neutral", "robot_vacuum", 549.99, 280, "Roomba i3+"),
    ("iRobot - Roomba j7+ Self-Emptying Robot Vacuum - Graphite", "robot_vacuum", 799.99, 200, "Roomba j7+"),
    ("iRobot - Roomba Combo j9+ Self-Emptying Robot Vacuum & Mop - Black", "robot_vacuum", 1399.99, 100, "Roomba Combo j9+"),
    ("iRobot - Roomba 694 Wi-Fi Connected Robot Vacuum - Charcoal Grey", "robot_vacuum", 274.99, 260, "Roomba 694"),
    ("eufy - RoboVac 11S Slim Robot Vacuum - Black", "robot_vacuum", 229.99, 150, "RoboVac 11S"),
    ("Bissell - CrossWave Cordless Max Multi-Surface Wet Dry Vacuum - Black", "vacuum", 349.99, 110, "Bissell CrossWave"),
    ("Bissell - Little Green Portable Carpet Cleaner - Green", "carpet_cleaner", 123.99, 220, "Bissell Little Green"),
    ("Hoover - MAXLife Pro Pet Swivel Upright Vacuum - Black", "vacuum", 199.99, 90, "Hoover MAXLife"),
    ("Dyson - V8 Replacement Battery - Black", "vacuum_part", 89.99, 60, "Dyson V8"),
    ("iRobot - Roomba e, i & j Series Replenishment Kit - Green", "vacuum_part", 49.99, 70, "Roomba"),
    ("Shark - Replacement HEPA Filter for Navigator Lift-Away Vacuums - White", "vacuum_part", 24.99, 40, "Shark Navigator"),
]

FILTERS = [
    ("Samsung - HAF-QIN Refrigerator Water Filter - White", "Samsung", 49.99, 120),
    ("LG - LT1000P Refrigerator Water Filter - White", "LG", 49.99, 110),
    ("Whirlpool - EveryDrop Filter 1 Refrigerator Water Filter - White", "Whirlpool", 54.99, 100),
    ("GE - RPWFE Refrigerator Water Filter - White", "GE", 59.99, 80),
    ("Frigidaire - PureSource Ultra II Refrigerator Water Filter - White", "Frigidaire", 44.99, 70),
    ("Insignia™ - Replacement Water Filter for Select Samsung Refrigerators - White", "Samsung", 29.99, 40),
]

# title, kind, price, popularity
SMART_HOME = [
    ("Ring - Video Doorbell (2nd Gen) Wired/Battery - Satin Nickel", "doorbell", 99.99, 300),
    ("Ring - Battery Doorbell Plus Smart Wi-Fi Video Doorbell - Satin Nickel", "doorbell", 149.99, 200),
    ("Google - Nest Doorbell (Battery) Smart Wi-Fi Video Doorbell - Snow", "doorbell", 179.99, 180),
    ("Arlo - Essential Wire-Free Video Doorbell - White", "doorbell", 99.99, 90),
    ("Google - Nest Learning Thermostat (3rd Gen) - Stainless Steel", "thermostat", 249.99, 200),
    ("Google - Nest Thermostat - Snow", "thermostat", 129.99, 240),
    ("Google - Nest Thermostat - Charcoal", "thermostat", 129.99, 120),
    ("ecobee - Smart Thermostat Premium with Smart Sensor and Air Quality Monitor - Black", "thermostat", 249.99, 130),
    ("Ring - Stick Up Cam Battery Indoor/Outdoor Security Camera - White", "security_camera", 99.99, 180),
    ("Blink - Outdoor 4 Wireless 1080p Security System (3-Camera) - Black", "security_camera", 259.99, 200),
    ("Arlo - Pro 5S 2K Spotlight Wire-Free Security Camera (2-Pack) - White", "security_camera", 349.99, 90),
    ("Google - Nest Cam Indoor Wired Security Camera - Snow", "security_camera", 99.99, 150),
    ("Wyze - Cam v3 Indoor/Outdoor 1080p Security Camera - White", "security_camera", 35.99, 160),
    ("Philips - Hue White and Color Ambiance A19 Smart LED Bulb Starter Kit (3-Pack) - Multicolor", "smart_bulb", 199.99, 180),
    ("Philips - Hue White A19 Smart LED Bulb (2-Pack) - White", "smart_bulb", 29.99, 120),
    ("Wyze - Bulb Color A19 Smart LED Bulb (4-Pack) - Multicolor", "smart_bulb", 44.99, 60),
    ("TP-Link - Kasa Smart Wi-Fi Plug Mini (4-Pack) - White", "smart_plug", 34.99, 170),
    ("Amazon - Smart Plug - White", "smart_plug", 24.99, 140),
    ("August - Wi-Fi Smart Lock (4th Gen) - Silver", "smart_lock", 229.99, 80),
    ("Yale - Assure Lock 2 Touchscreen Wi-Fi Smart Lock - Black Suede", "smart_lock", 259.99, 60),
]


def add_home(catalog):
    for title, kind, price, pop in MAJOR:
        leaf = {"refrigerator": "Refrigerators", "mini_fridge": "Mini Fridges", "washer": "Washers", "dryer": "Dryers",
                "washer_dryer": "Washer & Dryer Combos", "dishwasher": "Dishwashers", "range": "Ranges"}[kind]
        about = "Ice maker included." if "Ice" in title else ""
        capacity = title.split(" - ")[1].split(" cu. ft.")[0] if "cu. ft." in title else None
        attributes = {"color": title.rsplit(" - ", 1)[1]}
        if capacity:
            attributes["capacity_cu_ft"] = float(capacity.split()[-1])
        catalog.simple(title, kind, price, pop, (APP, "Major Appliances", leaf), about=about, attributes=attributes,
                       ice_maker="Ice" in title)
    for title, price, pop, style in MICROWAVES:
        catalog.simple(title, "microwave", price, pop, (APP, "Small Kitchen Appliances", "Microwaves"),
                       about=f"{style.capitalize()} microwave oven.", attributes={"installation": style})
    for title, kind, price, pop, family in SMALL:
        leaf = {"coffee_maker": "Coffee Makers", "espresso_maker": "Espresso Machines", "coffee_pods": "Coffee Pods & Filters",
                "blender": "Blenders", "air_fryer": "Air Fryers", "toaster_oven": "Toaster Ovens",
                "pressure_cooker": "Pressure Cookers", "stand_mixer": "Stand Mixers"}[kind]
        catalog.simple(title, kind, price, pop, (APP, "Small Kitchen Appliances", leaf), family=family,
                       compat=["Keurig"] if kind == "coffee_pods" else [])
    for title, kind, price, pop, family in VACUUMS:
        leaf = {"vacuum": "Stick & Upright Vacuums", "robot_vacuum": "Robot Vacuums", "carpet_cleaner": "Carpet Cleaners",
                "vacuum_part": "Vacuum Filters & Parts"}[kind]
        catalog.simple(title, kind, price, pop, (APP, "Vacuums & Floor Care", leaf), family=family,
                       compat=[family] if kind == "vacuum_part" else [],
                       about="Powerful suction for carpets and hard floors." if kind != "vacuum_part" else "")
    for title, fridge_brand, price, pop in FILTERS:
        catalog.simple(title, "fridge_filter", price, pop, (APP, "Appliance Parts & Accessories", "Refrigerator Water Filters"),
                       about=f"Water and ice filter for {fridge_brand} refrigerators.", compat=[f"{fridge_brand} refrigerator"])
    for title, kind, price, pop in SMART_HOME:
        leaf = {"doorbell": "Video Doorbells", "thermostat": "Smart Thermostats", "security_camera": "Security Cameras",
                "smart_bulb": "Smart Lighting & Plugs", "smart_plug": "Smart Lighting & Plugs", "smart_lock": "Smart Locks"}[kind]
        catalog.simple(title, kind, price, pop, ("Smart Home", "Smart Home Devices", leaf))
