import { login } from './clients';
import { startTestServer, type TestServer } from './start-test-server';

export type DemoCast = ReturnType<typeof demoCast>;

/** Named demo users and dossiers for the authorization matrix: two reps of team A, one of team B, an admin. */
export function demoCast(server: TestServer) {
  const { company } = server.demo;
  const [teamA, teamB] = company.teams;
  const repsOf = (teamId: string) => company.users.filter((u) => u.role === 'rep' && u.teamIds.includes(teamId));
  const admin = company.users.find((u) => u.role === 'admin')!;
  const viewerA = company.users.find((u) => u.role === 'viewer' && u.teamIds.includes(teamA.id))!;
  const dossierOf = (teamId: string) => company.dossiers.find((d) => d.dossier.teamId === teamId)!.dossier;
  return {
    teamA,
    teamB,
    repA1: repsOf(teamA.id)[0],
    repA2: repsOf(teamA.id)[1],
    repB: repsOf(teamB.id)[0],
    admin,
    viewerA,
    dossierA: dossierOf(teamA.id),
    dossierB: dossierOf(teamB.id),
    password: server.demo.password
  };
}

/**
 * A test server with its demo cast, and the three reps already signed in: A1 and A2 share team A (so they
 * co-edit), B is in team B (so it is the outsider). The caller closes the server.
 */
export async function startCastServer(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options);
  try {
    const cast = demoCast(server);
    const [cookieA1, cookieA2, cookieB] = await Promise.all(
      [cast.repA1, cast.repA2, cast.repB].map((rep) => login(server.url, rep.email, cast.password))
    );
    return { server, cast, cookieA1, cookieA2, cookieB };
  } catch (err) {
    // The caller never got the server, so it cannot close it.
    await server.close();
    throw err;
  }
}

/** Runs `test` against its own cast server (its own limits, clock or data), closing it however the test ends. */
export async function withCastServer<T>(
  options: Parameters<typeof startTestServer>[0],
  test: (ctx: Awaited<ReturnType<typeof startCastServer>>) => Promise<T>
): Promise<T> {
  const ctx = await startCastServer(options);
  try {
    return await test(ctx);
  } finally {
    await ctx.server.close();
  }
}
