export * from './dto/email.rules';
export * from './dto/name.rules';
export * from './models/user.model';
export * from './user.entity';
export * from './users.module';
export * from './users.service';
