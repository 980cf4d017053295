import type { TestServer } from './start-test-server';

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
