/**
 * Ordinary ad copy under five labels, five texts each, for the repository tests that import a
 * small dataset, embed it with the bundled model and score it: texts that the bundled encoder
 * tells apart, so detector and training results are about the code, not the data.
 */
export const adCopyByLabel: Readonly<Record<string, readonly string[]>> = {
  "Vehicles > Auto Repair": [
    "Brake pads replaced while you wait at our auto repair shop",
    "Engine trouble? Certified mechanics fix your car today",
    "Oil change and tyre rotation special at the garage",
    "Transmission repair done right, free diagnostics",
    "Check engine light on? Our auto repair team can help",
  ],
  "Vehicles > Car Sales": [
    "New SUVs in stock: test drive one at our dealership today",
    "Low APR financing on certified pre-owned cars",
    "Trade in your old car for a brand new sedan",
    "Huge sales event on pickup trucks this weekend",
    "Lease a new hybrid car for a low monthly payment",
  ],
  "Food > Pizza": [
    "Hot pepperoni pizza delivered in 30 minutes",
    "Wood-fired margherita pizza, order online now",
    "Two large pizzas for the price of one tonight",
    "Stuffed crust pizza with extra cheese, free delivery",
    "Build your own pizza with fresh toppings",
  ],
  "Food > Coffee": [
    "Freshly roasted espresso beans shipped to your door",
    "Start your morning with our smooth cold brew coffee",
    "Latte and croissant combo at your neighbourhood cafe",
    "Single-origin coffee subscription, cancel anytime",
    "Try our new caramel macchiato today",
  ],
  "Travel > Hotels": [
    "Book a beachfront hotel room with free breakfast",
    "Luxury hotel suites downtown, best rate guaranteed",
    "Family-friendly resort hotel with pool and spa",
    "Last-minute hotel deals for your weekend getaway",
    "Boutique hotel near the old town, book direct",
  ],
};
