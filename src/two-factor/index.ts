export { CHALLENGE_METHODS, endChallenges, type IssuedChallenge, TwoFactorChallenges } from './challenges.service';
export * from './entities';
export { StepUpService } from './step-up.service';
export * from './two-factor.module';
