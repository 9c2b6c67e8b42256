//! The words demo products are made of: departments with their product
//! nouns and price ranges, brands, adjectives, selling points, store kinds.

/// Departments: name, product nouns, and a price range in whole currency units.
pub const DEPARTMENTS: &[(&str, &[&str], (u32, u32))] = &[
    (
        "Phones",
        &[
            "Smartphone",
            "Phone Case",
            "Wireless Charger",
            "Screen Protector",
            "Phone Stand",
        ],
        (5, 1200),
    ),
    (
        "Laptops",
        &[
            "Laptop",
            "Ultrabook",
            "Laptop Sleeve",
            "Docking Station",
            "Laptop Stand",
        ],
        (20, 3000),
    ),
    (
        "Audio",
        &[
            "Headphones",
            "Earbuds",
            "Bluetooth Speaker",
            "Soundbar",
            "Microphone",
        ],
        (15, 600),
    ),
    (
        "Cameras",
        &[
            "Camera",
            "Camera Lens",
            "Tripod",
            "Action Camera",
            "Camera Bag",
        ],
        (25, 2500),
    ),
    (
        "Kitchen",
        &[
            "Blender",
            "Coffee Maker",
            "Toaster",
            "Chef Knife",
            "Frying Pan",
        ],
        (10, 500),
    ),
    (
        "Furniture",
        &["Sofa", "Armchair", "Bookshelf", "Desk Lamp", "Coffee Table"],
        (20, 1500),
    ),
    (
        "Garden",
        &[
            "Garden Hose",
            "Tent",
            "Camping Chair",
            "Grill",
            "Lawn Mower",
        ],
        (10, 900),
    ),
    (
        "Sports",
        &[
            "Yoga Mat",
            "Dumbbell",
            "Running Shoes",
            "Bicycle Helmet",
            "Treadmill",
        ],
        (10, 1400),
    ),
    (
        "Toys",
        &[
            "Board Game",
            "Puzzle",
            "Building Blocks",
            "Plush Toy",
            "Remote Control Car",
        ],
        (5, 150),
    ),
    (
        "Books",
        &["Cookbook", "Novel", "Travel Guide", "Journal", "Comic Book"],
        (5, 60),
    ),
    (
        "Clothing",
        &["T-Shirt", "Hoodie", "Jeans", "Rain Jacket", "Sneakers"],
        (8, 250),
    ),
    (
        "Beauty",
        &[
            "Shampoo",
            "Face Cream",
            "Electric Toothbrush",
            "Hair Dryer",
            "Perfume",
        ],
        (4, 200),
    ),
    (
        "Office",
        &[
            "Stapler",
            "Desk Organizer",
            "Fountain Pen",
            "Printer Paper",
            "Whiteboard",
        ],
        (2, 300),
    ),
    (
        "Pet Supplies",
        &["Dog Bed", "Cat Tree", "Pet Bowl", "Dog Leash", "Aquarium"],
        (3, 400),
    ),
    (
        "Tools",
        &[
            "Cordless Drill",
            "Screwdriver Set",
            "Tool Box",
            "Tape Measure",
            "Work Light",
        ],
        (5, 450),
    ),
];

pub const BRANDS: &[&str] = &[
    "Acme",
    "Nordic",
    "Zenith",
    "Vertex",
    "Lumen",
    "Aurora",
    "Summit",
    "Harbor",
    "Atlas",
    "Orion",
    "Pioneer",
    "Evergreen",
    "Cobalt",
    "Falcon",
    "Maple",
    "Quantum",
    "Solstice",
    "Tundra",
    "Nimbus",
    "Ember",
];

pub const ADJECTIVES: &[&str] = &[
    "Pro",
    "Compact",
    "Wireless",
    "Portable",
    "Classic",
    "Deluxe",
    "Ultra",
    "Smart",
    "Eco",
    "Premium",
    "Mini",
    "Heavy-Duty",
    "Lightweight",
    "Vintage",
    "Ergonomic",
    "Foldable",
    "Waterproof",
    "Silent",
];

pub const FEATURES: &[&str] = &[
    "water resistant",
    "built to last",
    "easy to clean",
    "dishwasher safe",
    "covered by a two-year warranty",
    "made from recycled materials",
    "fast charging",
    "foldable for travel",
    "machine washable",
    "shaped for an ergonomic grip",
    "energy efficient",
    "shipped fully assembled",
    "quiet in use",
];

pub const STORE_KINDS: &[&str] = &[
    "Outlet",
    "Superstore",
    "Market",
    "Express",
    "Central",
    "Depot",
];
