module webhookconsole/oracle

go 1.19
