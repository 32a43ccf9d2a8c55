import { registerEnumType } from '@nestjs/graphql';

export enum LogoutScope {
  CURRENT = 'CURRENT',
  OTHERS = 'OTHERS',
  ALL = 'ALL',
}

registerEnumType(LogoutScope, {
  name: 'LogoutScope',
  valuesMap: {
    CURRENT: { description: 'This session only.' },
    OTHERS: { description: 'Every session of the viewer but this one.' },
    ALL: { description: 'Every session of the viewer.' },
  },
});
