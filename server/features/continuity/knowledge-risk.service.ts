import type { AtRiskDossierDTO, KnowledgeRiskDTO, KnowledgeRiskQuery } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { Dossier, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import { knowledgeRiskReasons, personRisk, type RiskSubject } from './knowledge-risk.rules';

export interface KnowledgeRiskService {
  /** GET /api/knowledge-risk?team=: managers per person of their teams (or one), admins any team, reps themselves. */
  summary(actor: User, query: KnowledgeRiskQuery): Promise<KnowledgeRiskDTO[]>;
  /** GET /api/knowledge-risk/:userId/dossiers: that person's dossiers at risk with their reasons, worst first. */
  dossiersOf(actor: User, userId: string): Promise<AtRiskDossierDTO[]>;
}

/** Who is looked at: the people who own dossiers (reps and managers); admins and viewers own none by design. */
const OWNER_ROLES: ReadonlySet<User['role']> = new Set(['rep', 'manager']);

/** May `actor` see `person`'s risk? Themself, a manager of a team the person is in, an admin. */
export function mayReadRisk(
  actor: Pick<User, 'id' | 'role' | 'teamIds'>,
  person: Pick<User, 'id' | 'teamIds'>
): boolean {
  if (actor.id === person.id || actor.role === 'admin') return true;
  return actor.role === 'manager' && person.teamIds.some((t) => actor.teamIds.includes(t));
}

export function createKnowledgeRiskService(deps: {
  people: { get(id: string): Promise<User | null> };
  membersOf(teamId: string): Promise<User[]>;
  allTeamIds(): Promise<string[]>;
  /** Every dossier the person owns (all teams). */
  ownedDossiers(userId: string): Promise<Dossier[]>;
  /** Newest interaction per dossier (InteractionStore IS7). */
  lastInteractionAt(dossierIds: readonly string[]): Promise<Map<string, number>>;
  clock: Clock;
}): KnowledgeRiskService {
  async function subjectsOf(userId: string): Promise<Array<RiskSubject & Dossier>> {
    const dossiers = await deps.ownedDossiers(userId);
    const last = await deps.lastInteractionAt(dossiers.map((d) => d.id));
    return dossiers.map((d) => ({ ...d, lastInteractionAt: last.get(d.id) ?? null }));
  }

  async function peopleFor(actor: User, team: string | undefined): Promise<User[]> {
    if (actor.role !== 'manager' && actor.role !== 'admin') {
      if (team && !actor.teamIds.includes(team)) throw new DomainError('forbidden', 'not a team of yours');
      return [actor];
    }
    if (team && actor.role === 'manager' && !actor.teamIds.includes(team)) {
      throw new DomainError('forbidden', 'you do not manage this team');
    }
    const teams = team ? [team] : actor.role === 'admin' ? await deps.allTeamIds() : actor.teamIds;
    const byId = new Map<string, User>();
    for (const t of teams) for (const u of await deps.membersOf(t)) if (OWNER_ROLES.has(u.role)) byId.set(u.id, u);
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  return {
    async summary(actor, { team }) {
      const now = deps.clock.now();
      const result: KnowledgeRiskDTO[] = [];
      for (const person of await peopleFor(actor, team)) {
        const risk = personRisk(await subjectsOf(person.id), now);
        result.push({ userId: person.id, userName: person.name, ...risk });
      }
      return result;
    },

    async dossiersOf(actor, userId) {
      const person = userId === actor.id ? actor : await deps.people.get(userId);
      if (!person || !mayReadRisk(actor, person)) throw new DomainError('not_found', 'user not found');
      const now = deps.clock.now();
      return (await subjectsOf(person.id))
        .map((d) => ({ d, reasons: knowledgeRiskReasons(d, now) }))
        .filter((x) => x.reasons.length > 0)
        .sort((a, b) => b.reasons.length - a.reasons.length || a.d.company.localeCompare(b.d.company))
        .map(({ d, reasons }) => ({
          dossierId: d.id,
          company: d.company,
          stage: d.stage,
          reasons,
          primaryContactConfirmedAt: d.knowledge?.hasPrimaryContact ? d.knowledge.primaryContactConfirmedAt : null,
          lastInteractionAt: d.lastInteractionAt === null ? null : new Date(d.lastInteractionAt).toISOString()
        }));
    }
  };
}
