/**
 * The fresh PostgreSQL database the deployment test's server starts on, on the server
 * TEST_DATABASE_URL names. Without one the deployment project is not part of the run.
 */
export function deployDatabase() {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return null;
  const name = "ct_e2e_deploy";
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { serverUrl, name, url: url.toString() };
}
