/** The API key the end-to-end server gets for the generative provider (a loopback test server). */
export const e2eGenerativeApiKey = "e2e-generative-key-0001";
