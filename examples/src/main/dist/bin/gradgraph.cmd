@echo off
rem GradGraph's command line, started with the Vector API module and C2 compiling the kernels sooner
rem (see bin/gradgraph and docs/cli.md; the class-data archive is made by bin/gradgraph only).
rem Java: %JAVA_HOME%\bin\java.exe, else java on the PATH (17 or newer). Extra JVM options: %GRADGRAPH_JAVA_OPTS%.
setlocal
set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
"%JAVA%" --add-modules jdk.incubator.vector -XX:CompileCommand=quiet "-XX:CompileCommand=CompileThresholdScaling,io.gradgraph.kernel.*::*,0.05" %GRADGRAPH_JAVA_OPTS% -jar "%~dp0..\lib\gradgraph-examples.jar" %*
exit /b %ERRORLEVEL%
