/** A GitHub account as the sandbox knows it. */
export interface SandboxUser {
  id: number;
  login: string;
  name?: string;
  /** The public email: what `/search/users … in:email` and `/users/{username}` show. */
  email?: string;
}

/** A repository; `fullName` is `owner/name`. */
export interface SandboxRepository {
  id: number;
  owner: string;
  name: string;
  private: boolean;
}

/** People and repositories to load, through `POST /__sandbox/seed`. */
export interface GitHubSeed {
  users?: { login: string; name?: string; email?: string }[];
  members?: string[];
  outsideCollaborators?: string[];
  /** `owner/name`. */
  repositories?: string[];
  /** OAuth tokens the app holds, each for one user's grant. */
  oauthTokens?: { token: string; login: string }[];
  /** Requests an hour before the primary limit answers 403 (GitHub: 5,000). */
  primaryRateLimit?: number;
  /** Points a minute per endpoint before the secondary limit (GitHub: 900; a write costs 5). */
  secondaryPointsPerMinute?: number;
}

/** The sandbox's credentials; `env()` hands them to `configure`. */
export const SANDBOX_CREDENTIALS = {
  org: 'dsr-hub-demo',
  token: 'ghp_sandboxOrgOwnerToken0000000000000000',
  clientId: 'Ov23liSandboxClient00',
  clientSecret: 'sandbox-oauth-app-secret-0000000000000000',
} as const;

/** The demo people every sandbox starts with. */
export const DEMO_SEED: GitHubSeed = {
  users: [
    { login: 'ada-lovelace', name: 'Ada Lovelace', email: 'ada@example.com' },
    { login: 'grace-hopper', name: 'Grace Hopper', email: 'grace@example.com' },
    { login: 'octo-owner', name: 'Org Owner' },
  ],
  members: ['octo-owner', 'ada-lovelace'],
  outsideCollaborators: ['grace-hopper'],
  repositories: ['dsr-hub-demo/site-ada', 'dsr-hub-demo/site-grace', 'dsr-hub-demo/handbook'],
  oauthTokens: [
    { token: 'gho_sandboxAdaToken000000000000000000000', login: 'ada-lovelace' },
    { token: 'gho_sandboxGraceToken0000000000000000000', login: 'grace-hopper' },
  ],
};

const key = (name: string) => name.toLowerCase();

/**
 * GitHub's state as far as the hub touches it: accounts, one organization's members and
 * outside collaborators, repositories, and the OAuth app's grants. Names are
 * case-insensitive, as on GitHub.
 */
export class GitHubWorld {
  readonly org = SANDBOX_CREDENTIALS.org;
  readonly users = new Map<string, SandboxUser>();
  readonly members = new Set<string>();
  readonly outsideCollaborators = new Set<string>();
  readonly repositories = new Map<string, SandboxRepository>();
  /** OAuth token → the login whose grant it belongs to. */
  readonly oauthTokens = new Map<string, string>();
  primaryRateLimit = 5000;
  secondaryPointsPerMinute = 900;
  private nextId = 1;

  constructor() {
    this.seed(DEMO_SEED);
  }

  seed(data: GitHubSeed): void {
    for (const user of data.users ?? []) {
      this.users.set(key(user.login), { id: this.nextId++, ...user });
    }
    for (const login of data.members ?? []) this.members.add(key(login));
    for (const login of data.outsideCollaborators ?? []) this.outsideCollaborators.add(key(login));
    for (const fullName of data.repositories ?? []) {
      const [owner = '', name = ''] = fullName.split('/');
      this.repositories.set(key(fullName), { id: this.nextId++, owner, name, private: true });
    }
    for (const { token, login } of data.oauthTokens ?? []) this.oauthTokens.set(token, key(login));
    if (data.primaryRateLimit !== undefined) this.primaryRateLimit = data.primaryRateLimit;
    if (data.secondaryPointsPerMinute !== undefined) {
      this.secondaryPointsPerMinute = data.secondaryPointsPerMinute;
    }
  }

  reset(): void {
    this.users.clear();
    this.members.clear();
    this.outsideCollaborators.clear();
    this.repositories.clear();
    this.oauthTokens.clear();
    this.primaryRateLimit = 5000;
    this.secondaryPointsPerMinute = 900;
    this.seed(DEMO_SEED);
  }

  user(login: string): SandboxUser | undefined {
    return this.users.get(key(login));
  }

  isMember(login: string): boolean {
    return this.members.has(key(login));
  }

  isOutsideCollaborator(login: string): boolean {
    return this.outsideCollaborators.has(key(login));
  }

  repository(owner: string, name: string): SandboxRepository | undefined {
    return this.repositories.get(key(`${owner}/${name}`));
  }

  /** Revoking a grant revokes every token the app holds for that user. */
  revokeGrantOf(login: string): void {
    for (const [token, holder] of this.oauthTokens) {
      if (holder === login) this.oauthTokens.delete(token);
    }
  }

  /** A snapshot for tests; tokens appear only as the logins that hold a grant. */
  snapshot() {
    return {
      org: this.org,
      users: [...this.users.values()].map(({ login, email }) => ({ login, email })),
      members: [...this.members].sort(),
      outsideCollaborators: [...this.outsideCollaborators].sort(),
      repositories: [...this.repositories.values()]
        .map((repo) => `${repo.owner}/${repo.name}`)
        .sort(),
      grants: [...new Set(this.oauthTokens.values())].sort(),
    };
  }
}
